// fixture: social
EXPLAIN MATCH (a:Person)-[:KNOWS]->(b:Person) WHERE a.age > 20 RETURN a.name, count(b) ORDER BY a.name LIMIT 3;
EXPLAIN MATCH (c:City)<-[:LIVES_IN]-(p:Person) RETURN p.name;
EXPLAIN MATCH (a:Person), (b:Person) MATCH p = shortestPath((a)-[*]-(b)) RETURN p;
EXPLAIN OPTIONAL MATCH (n:Nobody)-[*1..3]->(m) RETURN n, m;
EXPLAIN MERGE (c:City {name: 'Rome'}) RETURN c;
