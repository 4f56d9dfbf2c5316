// fixture: social
// Where a clause may stand, shortestPath()'s shape, and pattern expressions bound in
// every kind of scope (WHERE, a comprehension, ORDER BY, WITH ... WHERE, EXISTS).
RETURN 1 MATCH (n) RETURN n;
MATCH (n) WHERE EXISTS { MATCH (n)-->(m) CREATE (x) } RETURN n;
MATCH (n);
UNWIND [1] AS x;
WITH 1 AS x;
MATCH p = shortestPath((a)-[*]-(b)-[]-(c)) RETURN p;
MATCH p = shortestPath((a)-[*2..]-(b)) RETURN p;
MATCH (n) WHERE (n)-->(m) RETURN n;
MATCH (n) RETURN n SKIP -1;
MATCH (n) RETURN n.name LIMIT 'a';
MATCH (n)-[r]->(m) MATCH (n)-[r*]->(m) RETURN n;
CALL db.labels() YIELD nope;
MATCH (n:Person) RETURN n.name, [(n)-[:KNOWS]->(m) | m.name] AS knows;
MATCH (n:Person) RETURN n.name, [x IN [1, 2] | size([(n)-[:KNOWS]->() | x])] AS l;
MATCH (n:Person) WHERE EXISTS { MATCH (n)-[:LIVES_IN]->(c) WHERE c.name = 'Paris' } RETURN n.name;
MATCH (n:Person) WHERE EXISTS { MATCH (n)-[:KNOWS]->(m) WITH m WHERE m.age > 30 RETURN m } RETURN n.name;
MATCH (n:Person) RETURN n.name ORDER BY size([(n)-[:KNOWS]->(m) | m]) DESC, n.name LIMIT 3;
MATCH (n:Person) WITH n WHERE size([(n)<-[:KNOWS]-(m) | m]) > 1 RETURN n.name;
MATCH (n:Person) RETURN n.name, [p = (n)-[:KNOWS]->(b) WHERE b.age > 26 | length(p)] AS ps;
MATCH (n:Person) WHERE n.age = 30 OR exists((n)-[:LIVES_IN]->(:City {name: 'Los Angeles'})) RETURN n.name;
EXPLAIN MATCH (n:Person) WHERE (n)-[:KNOWS]->() RETURN n.name ORDER BY n.name SKIP 1 LIMIT 2;
