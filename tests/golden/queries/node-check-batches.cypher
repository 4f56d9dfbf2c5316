// fixture: none
// NodeCheck on the batches of the Expand below it (a label of a node bound by an earlier
// MATCH, checked after the planner reached the node from the other end), each query
// followed by the same pattern in one MATCH, where no NodeCheck is needed. The two must
// agree: one label, two, an unknown one, inline properties (checked a row at a time
// within the batch), and a check of a node the batch does not hold.
UNWIND range(1, 3000) AS i CREATE (:P {i: i, g: i % 2});
UNWIND range(1, 300) AS i CREATE (:C {i: i});
UNWIND range(1, 10) AS i CREATE (:I {i: i, s: 'x' + i});
UNWIND range(1, 500) AS i CREATE (:Q {i: i});
MATCH (p:P), (c:C {i: p.i % 3 + 1}) CREATE (p)-[:L]->(c);
MATCH (q:Q), (c:C {i: q.i % 3 + 1}) CREATE (q)-[:L]->(c);
MATCH (p:P), (i:I) WHERE p.i % 5 + 1 = i.i OR p.i % 3 + 1 = i.i CREATE (p)-[:H]->(i);
MATCH (q:Q), (i:I {i: 2}) CREATE (q)-[:H]->(i);
MATCH (p:P) WHERE p.i % 4 = 0 SET p:R;
EXPLAIN MATCH (p:P)-[:H]->(i:I) WHERE lower(i.s) = 'x2' AND p.g = 1 WITH p, i MATCH (p)-[:L]->(c:C) WHERE c.i = 1 RETURN count(p) AS n;
MATCH (p:P)-[:H]->(i:I) WHERE lower(i.s) = 'x2' AND p.g = 1 WITH p, i MATCH (p)-[:L]->(c:C) WHERE c.i = 1 RETURN count(p) AS n;
MATCH (i:I)<-[:H]-(p:P)-[:L]->(c:C) WHERE lower(i.s) = 'x2' AND p.g = 1 AND c.i = 1 RETURN count(p) AS n;
MATCH (p:P:R)-[:H]->(i:I) WHERE lower(i.s) = 'x2' WITH p, i MATCH (p)-[:L]->(c:C) WHERE c.i = 1 RETURN count(p) AS n, sum(p.i) AS s;
MATCH (i:I)<-[:H]-(p:P:R)-[:L]->(c:C) WHERE lower(i.s) = 'x2' AND c.i = 1 RETURN count(p) AS n, sum(p.i) AS s;
MATCH (p:P:Nope)-[:H]->(i:I) WHERE lower(i.s) = 'x2' WITH p, i MATCH (p)-[:L]->(c:C) WHERE c.i = 1 RETURN count(p) AS n;
MATCH (p:P)-[:H]->(i:I) WHERE lower(i.s) = 'x2' WITH p, i MATCH (p {g: 0})-[:L]->(c:C) WHERE c.i = 1 RETURN count(p) AS n, sum(p.i) AS s;
MATCH (i:I)<-[:H]-(p:P {g: 0})-[:L]->(c:C) WHERE lower(i.s) = 'x2' AND c.i = 1 RETURN count(p) AS n, sum(p.i) AS s;
MATCH (p:P)-[:H]->(i:I) WHERE lower(i.s) = 'x2' WITH p, i MATCH (p {g: i.i % 2})-[:L]->(c:C) WHERE c.i = 1 RETURN count(p) AS n, sum(p.i) AS s;
MATCH (i:I)<-[:H]-(p:P)-[:L]->(c:C) WHERE lower(i.s) = 'x2' AND c.i = 1 AND p.g = i.i % 2 RETURN count(p) AS n, sum(p.i) AS s;
EXPLAIN MATCH (c:C) WHERE c.i = 1 MATCH (c)<-[:L]-(p) WITH p, c MATCH (p:R) RETURN count(*) AS n;
MATCH (c:C) WHERE c.i = 1 MATCH (c)<-[:L]-(p) WITH p, c MATCH (p:R) RETURN count(*) AS n;
MATCH (c:C)<-[:L]-(p:R) WHERE c.i = 1 RETURN count(*) AS n;
// the checked node is the row's, not a column of the batch
MATCH (q:Q {i: 7}) WITH q MATCH (c:C)<-[:L]-(p) WHERE c.i = 2 WITH q, p MATCH (q:Q) RETURN count(*) AS n;
MATCH (q:Q {i: 7}) WITH q MATCH (c:C)<-[:L]-(p) WHERE c.i = 2 WITH q, p MATCH (q:P) RETURN count(*) AS n;
