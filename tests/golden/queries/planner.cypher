// fixture: skewed
// The cost-based planner: each EXPLAIN shows the plan the statistics choose (the
// estimated rows beside each operator), then the query runs. The rows do not depend
// on the plan.
//
// Two paths joined through a shared node: not from the hub city, whose residents are
// many; the closing hop checks a relationship between two bound nodes (ExpandInto).
EXPLAIN MATCH (a:Person)-[:FOLLOWS]->(b:Person), (a)-[:LIVES_IN]->(c:City)<-[:LIVES_IN]-(b) RETURN count(*);
MATCH (a:Person)-[:FOLLOWS]->(b:Person), (a)-[:LIVES_IN]->(c:City)<-[:LIVES_IN]-(b) RETURN count(*);
EXPLAIN MATCH (a:Person)-[:FOLLOWS]->(b:Person)-[:LIVES_IN]->(c:City)<-[:LIVES_IN]-(a) RETURN c.name, count(*) AS n;
MATCH (a:Person)-[:FOLLOWS]->(b:Person)-[:LIVES_IN]->(c:City)<-[:LIVES_IN]-(a) RETURN c.name, count(*) AS n;
// a selective part is planned first, whatever the written order
EXPLAIN MATCH (p:Person)-[:FOLLOWS]->(q:Person), (t:Tag {name: 'rare'})<-[:HAS]-(p) RETURN q.id;
MATCH (p:Person)-[:FOLLOWS]->(q:Person), (t:Tag {name: 'rare'})<-[:HAS]-(p) RETURN q.id;
// the anchor is the node whose WHERE keeps least: a narrow range from the histogram...
EXPLAIN MATCH (a:Person)-[:FOLLOWS]->(b:Person) WHERE b.age >= 97 RETURN sum(b.age);
MATCH (a:Person)-[:FOLLOWS]->(b:Person) WHERE b.age >= 97 RETURN sum(b.age);
// ...and on dates, where a lower and an upper bound make one interval
EXPLAIN MATCH (a:Person)-[:FOLLOWS]->(b:Person) WHERE b.born >= date('2000-10-01') AND b.born < date('2000-10-04') RETURN sum(b.age);
MATCH (a:Person)-[:FOLLOWS]->(b:Person) WHERE b.born >= date('2000-10-01') AND b.born < date('2000-10-04') RETURN sum(b.age);
EXPLAIN MATCH (a:Person)-[:FOLLOWS]->(b:Person)-[:HAS]->(t:Tag) WHERE a.age > 2 RETURN sum(b.age);
PROFILE MATCH (a:Person)-[:FOLLOWS]->(b:Person)-[:HAS]->(t:Tag {name: 'rare'}) RETURN sum(a.age);
// the smaller label starts, and a label the far end rarely has is checked there
EXPLAIN MATCH (m:Member)-[:FOLLOWS]->(p:Person) RETURN sum(p.age);
EXPLAIN MATCH (p:Person)-[:FOLLOWS]->(m:Member) RETURN sum(p.age);
MATCH (p:Person)-[:FOLLOWS]->(m:Member) RETURN sum(p.age);
// a bound variable is the anchor; PROFILE shows estimates beside the actual rows
EXPLAIN MATCH (t:Tag {name: 'rare'}) MATCH (t)<-[:HAS]-(p)-[:LIVES_IN]->(c) RETURN c.name, count(*);
MATCH (t:Tag {name: 'rare'}) MATCH (t)<-[:HAS]-(p)-[:LIVES_IN]->(c) RETURN c.name, count(*);
// MATCHes joined by a WITH that only passes variables on are planned as one pattern:
// the selective later part starts, and the earlier one continues from it
EXPLAIN MATCH (p:Person)-[:LIVES_IN]->(c:City) WHERE p.age < 20 WITH p, c MATCH (p)-[:HAS]->(t:Tag) WHERE t.name = 'rare' RETURN c.name, count(*);
MATCH (p:Person)-[:LIVES_IN]->(c:City) WHERE p.age < 20 WITH p, c MATCH (p)-[:HAS]->(t:Tag) WHERE t.name = 'rare' RETURN c.name, count(*);
// the same across two WITHs and WITH *; what the last WITH passes and the last MATCH binds stay visible
EXPLAIN MATCH (c:City)<-[:LIVES_IN]-(p:Person) WITH * MATCH (p)-[:FOLLOWS]->(q:Person) WITH c, q MATCH (q)-[:HAS]->(t:Tag {name: 'rare'}) RETURN c.name AS city, q.id AS id, t.name AS tag, count(*) AS n ORDER BY city, id;
MATCH (c:City)<-[:LIVES_IN]-(p:Person) WITH * MATCH (p)-[:FOLLOWS]->(q:Person) WITH c, q MATCH (q)-[:HAS]->(t:Tag {name: 'rare'}) RETURN c.name AS city, q.id AS id, t.name AS tag, count(*) AS n ORDER BY city, id;
MATCH (p:Person {id: 1})-[:LIVES_IN]->(c:City) WITH p, c MATCH (p)-[:HAS]->(t:Tag {name: 'rare'}) RETURN *;
// each MATCH keeps its own relationships apart: the second may find the first's again
EXPLAIN MATCH (a:Person)-[r:FOLLOWS]->(b:Person {id: 0}) WITH a, b, r MATCH (a)-[s:FOLLOWS]->(b) RETURN count(*) AS pairs, sum(CASE WHEN r = s THEN 1 ELSE 0 END) AS same;
MATCH (a:Person)-[r:FOLLOWS]->(b:Person {id: 0}) WITH a, b, r MATCH (a)-[s:FOLLOWS]->(b) RETURN count(*) AS pairs, sum(CASE WHEN r = s THEN 1 ELSE 0 END) AS same;
// not one pattern: the later MATCH's `c` is a new variable (the WITH hides the city),
// or the WITH limits, aggregates or computes
EXPLAIN MATCH (p:Person {id: 1})-[:LIVES_IN]->(c:City) WITH p MATCH (p)-[:HAS]->(c) RETURN count(c);
MATCH (p:Person {id: 1})-[:LIVES_IN]->(c:City) WITH p MATCH (p)-[:HAS]->(c) RETURN count(c);
EXPLAIN MATCH (p:Person) WITH p LIMIT 5 MATCH (p)-[:HAS]->(t:Tag {name: 'rare'}) RETURN count(*);
EXPLAIN MATCH (p:Person) WITH p, p.age AS age MATCH (p)-[:HAS]->(t:Tag {name: 'rare'}) RETURN sum(age);
EXPLAIN MATCH (p:Person) WITH p MATCH (p)-[:HAS]->(t:Tag {name: 'rare'}) WITH t, count(*) AS n MATCH (t)<-[:HAS]-(q) RETURN n, count(q);
// the last hop of a pattern whose rows are only counted yields each row once with its
// number of matches (ExpandCount), and the counts sum them: the same counts as rows
EXPLAIN MATCH (c:City)<-[:LIVES_IN]-(p:Person)-[:HAS]->(t:Tag) RETURN c.name AS city, count(t) AS n, count(*) + 1 AS m ORDER BY city;
MATCH (c:City)<-[:LIVES_IN]-(p:Person)-[:HAS]->(t:Tag) RETURN c.name AS city, count(t) AS n, count(*) + 1 AS m ORDER BY city;
MATCH (c:City)<-[:LIVES_IN]-(p:Person)-[:HAS]->(t:Tag) RETURN c.name AS city, count(t.name) AS n ORDER BY city;
// relationships of the same MATCH stay apart (an undirected hop back is not counted)
EXPLAIN MATCH (a:Person {id: 5})-[:FOLLOWS]-(b:Person)-[:FOLLOWS]-(c) RETURN a.id AS a, count(c) AS n;
MATCH (a:Person {id: 5})-[:FOLLOWS]-(b:Person)-[:FOLLOWS]-(c) RETURN a.id AS a, count(c) AS n;
MATCH (a:Person {id: 5})-[:FOLLOWS]-(b:Person)-[:FOLLOWS]-(c) RETURN a.id AS a, count(c.id) AS n;
// not when a condition, a grouping key or another aggregate reads the far end
EXPLAIN MATCH (c:City)<-[:LIVES_IN]-(p:Person)-[:HAS]->(t:Tag) WHERE t.name <> 'rare' RETURN c.name, count(*);
EXPLAIN MATCH (c:City)<-[:LIVES_IN]-(p:Person)-[:HAS]->(t:Tag) RETURN t.name, c.name, count(*);
EXPLAIN MATCH (c:City)<-[:LIVES_IN]-(p:Person)-[:HAS]->(t:Tag) RETURN c.name, count(*), collect(t.name)[0];
// a group with no match has no row; without grouping keys, no match counts 0
MATCH (p:Person {id: 299})-[:HAS]->(t:Tag {name: 'rare'}) RETURN count(*) AS n;
// an inline property that reads another part's variable waits for it: that part is
// planned first, whichever is written first or is cheaper
EXPLAIN MATCH (p:Person), (c:City {id: p.id % 40}) RETURN count(*);
MATCH (p:Person), (c:City {id: p.id % 40}) RETURN count(*);
MATCH (c:City {id: p.id % 40}), (p:Person) RETURN count(*);
// the same within a part: the far end's map reads the near end
EXPLAIN MATCH (c:City)<-[:LIVES_IN]-(p:Person {age: c.id}) RETURN count(*);
MATCH (c:City)<-[:LIVES_IN]-(p:Person {age: c.id}) RETURN count(*);
// maps that read each other: one is checked once both ends are bound
EXPLAIN MATCH (a:Person {id: b.age}), (b:Person {id: a.age + 100}) WHERE a.id < 3 RETURN a.id, b.id ORDER BY a.id;
MATCH (a:Person {id: b.age}), (b:Person {id: a.age + 100}) WHERE a.id < 3 RETURN a.id, b.id ORDER BY a.id;
MATCH (a:Person {id: 1})-[f:FOLLOWS {w: b.id}]->(b:Person) RETURN count(*);
