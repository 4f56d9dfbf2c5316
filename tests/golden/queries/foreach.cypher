// fixture: none
// FOREACH, with the example of Neo4j's Cypher manual ("FOREACH": mark the nodes of a path)
// and every write clause inside, nested.
CREATE (:Person {name: 'A'})-[:KNOWS]->(:Person {name: 'B'})-[:KNOWS]->(:Person {name: 'C'})-[:KNOWS]->(:Person {name: 'D'});
MATCH p = (start)-[*]->(finish) WHERE start.name = 'A' AND finish.name = 'D' FOREACH (n IN nodes(p) | SET n.marked = true);
MATCH (n:Person) RETURN n.name, n.marked;
FOREACH (x IN range(1, 3) | CREATE (:Num {v: x}));
MATCH (n:Num) RETURN n.v;
FOREACH (x IN [1, 1, 2, 4] | MERGE (:Num {v: x}));
MATCH (n:Num) RETURN n.v;
MATCH (n:Num) FOREACH (k IN [n.v, n.v * 10] | SET n.last = k) RETURN n.v, n.last;
MATCH (n:Num) FOREACH (ignored IN CASE WHEN n.v > 2 THEN [1] ELSE [] END | REMOVE n.last SET n:Big) RETURN n.v, n.last, labels(n);
FOREACH (a IN [1, 2] | FOREACH (b IN [10, 20] | CREATE (:Pair {a: a, b: b})));
MATCH (p:Pair) RETURN p.a, p.b;
MATCH (p:Pair) WITH collect(p) AS ps FOREACH (p IN ps | DETACH DELETE p);
MATCH (p:Pair) RETURN count(p);
MATCH (a:Person {name: 'A'}) FOREACH (name IN ['X', 'Y'] | CREATE (a)-[:KNOWS]->(:Person {name: name})) RETURN a.name;
MATCH (:Person {name: 'A'})-[:KNOWS]->(f) RETURN f.name;
FOREACH (x IN null | CREATE (:Never));
MATCH (n:Never) RETURN count(n);
UNWIND [1, 2] AS row FOREACH (x IN [row] | CREATE (:Row {v: x})) RETURN row;
EXPLAIN MATCH (n:Num) FOREACH (k IN [1] | SET n.k = k) RETURN n.v;
// errors
FOREACH (x IN [1] | MATCH (n) SET n.x = 1);
FOREACH (x IN [1] | CREATE (:T {v: x})) RETURN x;
FOREACH (x IN 5 | CREATE (:T));
MATCH (n:Num) WHERE EXISTS { FOREACH (x IN [1] | SET n.x = 1) } RETURN n;
