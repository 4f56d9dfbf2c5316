// fixture: social
MATCH (p:Person) RETURN p.name AS name UNION MATCH (c:City) RETURN c.name AS name;
RETURN 1 AS x UNION ALL RETURN 1 AS x;
RETURN 1 AS x UNION RETURN 1 AS x;
RETURN 1 AS x UNION RETURN 2 AS y;
UNWIND [1, 2, 3] AS x RETURN x * 10 AS y;
UNWIND [] AS x RETURN x;
UNWIND null AS x RETURN x;
WITH 5 AS a, 6 AS b RETURN a + b AS c;
MATCH (p:Person) WITH p.name AS name WHERE name < 'C' RETURN name;
UNWIND [3, 1, 2] AS x WITH x ORDER BY x RETURN collect(x) AS xs;
MATCH (p:Person) WITH p, size([(p)-[:KNOWS]->() | 1]) AS out RETURN p.name, out;
MATCH (p:Person) WHERE (p)-[:LIVES_IN]->(:City {name: 'Paris'}) RETURN p.name;
MATCH (p:Person) WHERE NOT (p)-[:KNOWS]->() RETURN p.name;
MATCH (p:Person) WHERE EXISTS { (p)-[:KNOWS]->(:Person {name: 'Alice'}) } RETURN p.name;
