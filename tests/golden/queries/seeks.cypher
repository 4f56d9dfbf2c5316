// fixture: social
// Seeks whose value is not a constant: a value read from an UNWIND row or from a node
// an earlier clause bound, and seeks by id and element id. Each EXPLAIN is followed by
// the same query run; the rows must be those of the scan it replaces.
CREATE INDEX FOR (p:Person) ON (p.name);
EXPLAIN UNWIND ['Bob', 'Zed', 'Alice'] AS who MATCH (p:Person {name: who}) RETURN p.name, p.age;
UNWIND ['Bob', 'Zed', 'Alice'] AS who MATCH (p:Person {name: who}) RETURN p.name, p.age;
EXPLAIN UNWIND [{n: 'Carol'}, {n: null}] AS row MATCH (p:Person) WHERE p.name = row.n RETURN p.name;
UNWIND [{n: 'Carol'}, {n: null}] AS row MATCH (p:Person) WHERE p.name = row.n RETURN p.name;
// the value reads a node of an earlier clause; one of the pattern's own cannot be sought
EXPLAIN MATCH (c:City {name: 'Paris'}) MATCH (p:Person) WHERE p.name = c.name RETURN p.name;
EXPLAIN MATCH (a:Person)-[:KNOWS]->(b:Person) WHERE b.name = a.name RETURN a.name;
// a random value is drawn per candidate by a filter, never once by a seek
EXPLAIN UNWIND [1] AS x MATCH (p:Person) WHERE p.name = toString(rand()) RETURN p.name;
// MERGE after UNWIND finds what it matched or made for an earlier row
EXPLAIN UNWIND ['Bob', 'Frank', 'Frank'] AS who MERGE (p:Person {name: who}) RETURN p.name;
UNWIND ['Bob', 'Frank', 'Frank'] AS who MERGE (p:Person {name: who}) RETURN p.name, p.age;
MATCH (p:Person {name: 'Frank'}) RETURN count(p);
// by id: integers and integral floats find the node, anything else nothing
EXPLAIN MATCH (a:Person {name: 'Alice'}) MATCH (b) WHERE id(b) = id(a) RETURN b.name;
MATCH (a:Person {name: 'Alice'}) MATCH (b) WHERE id(b) = id(a) RETURN b.name;
MATCH (a:Person {name: 'Alice'}) MATCH (b:City) WHERE id(b) = id(a) RETURN b.name;
MATCH (a:Person {name: 'Alice'}) MATCH (b) WHERE id(b) = toFloat(id(a)) RETURN b.name;
MATCH (a:Person {name: 'Alice'}) MATCH (b) WHERE id(b) = id(a) + 0.5 RETURN b.name;
MATCH (b) WHERE id(b) = 'x' OR id(b) = -1 RETURN b.name;
MATCH (b) WHERE id(b) = 1000000 RETURN b.name;
EXPLAIN MATCH (a:Person {name: 'Carol'}) MATCH (b) WHERE elementId(a) = elementId(b) RETURN b.name;
MATCH (a:Person {name: 'Carol'}) MATCH (b) WHERE elementId(a) = elementId(b) RETURN b.name;
UNWIND ['n:x', 'n:', 'r:0', 'n:-1', 'n:00', 42] AS e MATCH (b) WHERE elementId(b) = e RETURN b.name;
