// fixture: social
// Relationship uniqueness holds across all the patterns of one MATCH, not across MATCHes.
MATCH ()-[r1:KNOWS]->(), ()-[r2:KNOWS]->() RETURN count(*);
MATCH ()-[r1:KNOWS]->() MATCH ()-[r2:KNOWS]->() RETURN count(*);
// Variable length follows trails: the cycle Alice→Bob→Carol→Alice is walked once around.
MATCH p = (a:Person {name: 'Alice'})-[:KNOWS*]->(a) RETURN length(p);
MATCH (a:Person {name: 'Alice'})-[:KNOWS*]-(b) RETURN count(*);
// Null never matches and WHERE null drops the row.
MATCH (n:Person) WHERE n.age > null RETURN count(*);
MATCH (n:Person) WHERE n.age IS NULL RETURN n.name;
OPTIONAL MATCH (n:Person {name: 'Nobody'}) MATCH (n)-->(m) RETURN m;
// OPTIONAL MATCH with a condition on the outer row.
MATCH (p:Person) OPTIONAL MATCH (p)-[:LIVES_IN]->(c) WHERE p.age > 28 RETURN p.name, c.name;
// Grouping keys with no rows give no rows; no keys give one.
MATCH (p:Person) WHERE p.age > 100 RETURN p.name, count(*);
MATCH (p:Person) WHERE p.age > 100 RETURN count(*), collect(p.name), sum(p.age), avg(p.age);
// Aggregation, then matching again from the groups.
MATCH (p:Person)-[:LIVES_IN]->(c:City) WITH c, count(p) AS n WHERE n > 1 MATCH (c)<-[:LIVES_IN]-(q) RETURN c.name, n, q.name ORDER BY c.name, q.name;
// DISTINCT with ORDER BY on the projected name.
MATCH (p:Person) RETURN DISTINCT p.age AS age ORDER BY age DESC;
// Pattern comprehension with a condition.
MATCH (p:Person {name: 'Carol'}) RETURN [(p)-[k:KNOWS]->(f) WHERE k.since > 2015 | f.name] AS recent;
// Integer and float arithmetic.
RETURN 7 / 2, 7 / 2.0, 7 % 3, 2 ^ 3, -7 / 2;
// ORDER BY puts nulls last ascending, first descending.
UNWIND [3, null, 1, 'a', 2.5] AS x RETURN x ORDER BY x;
UNWIND [3, null, 1, 2.5] AS x RETURN x ORDER BY x DESC;
// MERGE a relationship between bound nodes, twice.
MATCH (a:Person {name: 'Dave'}), (b:Person {name: 'Eve'}) MERGE (a)-[r:KNOWS]->(b) RETURN type(r);
MATCH (a:Person {name: 'Dave'}), (b:Person {name: 'Eve'}) MERGE (a)-[r:KNOWS]->(b) RETURN type(r);
// SET += with null removes a property; DELETE of a path.
MATCH (n:Person {name: 'Bob'}) SET n += {age: null, nick: 'B'} RETURN n;
MATCH p = (:Person {name: 'Dave'})-[:KNOWS]->(:Person {name: 'Eve'}) DETACH DELETE p;
MATCH (n:Person) RETURN count(*);
