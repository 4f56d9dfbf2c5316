// fixture: none
// A DegreeCount whose grouped nodes that pass have few relationships beside the far
// end's candidates decides the far end a relationship at a time (each far node once)
// instead of over every candidate. Each query is followed by the same one over
// enumerated rows (a `WITH` between stops the rewrite); the two must agree: far nodes
// without the far label, missing and non-string properties, parallel relationships,
// self loops, both directions, a far node reached from several grouped nodes.
UNWIND range(0, 399) AS i
CREATE (:Person {id: i, name: CASE i % 7 WHEN 0 THEN 'Amy' WHEN 1 THEN 'Ambrose' WHEN 2 THEN 'Bob' WHEN 3 THEN null WHEN 4 THEN 17 ELSE 'Amelia' END});
UNWIND range(0, 9) AS j CREATE (:City {id: j, city: 'c' + toString(j)});
MATCH (p:Person), (c:City) WHERE c.id = p.id % 10 CREATE (p)-[:LivesIn]->(c);
MATCH (p:Person), (c:City) WHERE p.id < 6 AND c.id = 1 CREATE (p)-[:LivesIn]->(c);
MATCH (c:City {id: 1}) CREATE (:Robot {name: 'Amdroid'})-[:LivesIn]->(c), (c)-[:LivesIn]->(c);
MATCH (c:City {id: 2}) CREATE (c)-[:LivesIn]->(c);
EXPLAIN MATCH (p:Person)-[:LivesIn]->(c:City) WHERE p.name STARTS WITH 'Am' AND c.city IN ['c1', 'c2'] RETURN c.city AS city, count(*) AS n ORDER BY city;
MATCH (p:Person)-[:LivesIn]->(c:City) WHERE p.name STARTS WITH 'Am' AND c.city IN ['c1', 'c2'] RETURN c.city AS city, count(*) AS n ORDER BY city;
MATCH (p:Person)-[:LivesIn]->(c:City) WHERE p.name STARTS WITH 'Am' AND c.city IN ['c1', 'c2'] WITH p, c RETURN c.city AS city, count(*) AS n ORDER BY city;
MATCH (p)-[:LivesIn]->(c:City) WHERE (p.name STARTS WITH 'Am' OR p.id = 2) AND c.id IN [0, 2] RETURN c.city AS city, count(p) AS n ORDER BY city;
MATCH (p)-[:LivesIn]->(c:City) WHERE (p.name STARTS WITH 'Am' OR p.id = 2) AND c.id IN [0, 2] WITH p, c RETURN c.city AS city, count(p) AS n ORDER BY city;
MATCH (p:Person)-[r:LivesIn]-(c:City) WHERE NOT p.name ENDS WITH 'y' AND c.id = 1 RETURN c, count(r) AS n;
MATCH (p:Person)-[r:LivesIn]-(c:City) WHERE NOT p.name ENDS WITH 'y' AND c.id = 1 WITH p, r, c RETURN c, count(r) AS n;
MATCH (p:Person)-[:LivesIn]->(c:City) WHERE p.id % 3 = 0 AND c.id IN [2, 9] RETURN c.id AS id, count(*) AS n ORDER BY n DESC LIMIT 2;
MATCH (p:Person)-[:LivesIn]->(c:City) WHERE p.id % 3 = 0 AND c.id IN [2, 9] WITH p, c RETURN c.id AS id, count(*) AS n ORDER BY n DESC LIMIT 2;
MATCH (p:Person)-[:LivesIn]->(c:City) WHERE p.name CONTAINS 'e' AND c.id >= 8 WITH c, count(*) AS n WHERE n > 10 RETURN c.id, n ORDER BY c.id;
MATCH (p:Person)-[:LivesIn]->(c:City) WHERE p.name CONTAINS 'e' AND c.id >= 8 WITH p, c WITH c, count(*) AS n WHERE n > 10 RETURN c.id, n ORDER BY c.id;
MATCH (p:Person)-[:LivesIn]->(c:City) WHERE p.id < 3 AND c.id IN [1, 5] RETURN c.id AS id, count(p.name) AS n ORDER BY id;
MATCH (p:Person)-[:LivesIn]->(c:City) WHERE p.id < 3 AND c.id IN [1, 5] WITH p, c RETURN c.id AS id, count(p.name) AS n ORDER BY id;
MATCH (p:Person)-[:LivesIn]->(c:City) WHERE p.name STARTS WITH 'Am' AND c.id = 1 RETURN c.id AS id, count(*) AS n;
// an error in the far end's condition surfaces
MATCH (p:Person)-[:LivesIn]->(c:City) WHERE p.id / (p.id - 7) > 0 AND c.id = 7 RETURN c.id AS id, count(*) AS n;
