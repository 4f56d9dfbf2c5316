// fixture: social
MATCH (n:Person) RETURN n.name, n.age;
MATCH (a:Person)-[:KNOWS]->(b:Person) RETURN a.name AS a, b.name AS b;
MATCH (a:Person {name: 'Alice'})-[r:KNOWS]-(b) RETURN b.name, r.since;
MATCH (a)<-[:KNOWS]-(b)-[:LIVES_IN]->(c:City) RETURN a.name, b.name, c.name;
MATCH (a:Person)-[:KNOWS]->(b)-[:KNOWS]->(c) WHERE a.age > 26 RETURN a.name, c.name;
MATCH (a:Person), (c:City) WHERE a.name = 'Dave' RETURN a.name, c.name;
MATCH (a)-[:KNOWS]->(b)-[:KNOWS]->(c)-[:KNOWS]->(a) RETURN a.name, b.name, c.name;
MATCH (n:Admin:Person) RETURN n;
MATCH (n) WHERE n.name STARTS WITH 'C' RETURN labels(n) AS labels, n.name;
MATCH (a {name: $name})-->(b) RETURN b.name;
MATCH p = (a:Person {name: 'Eve'})-[:KNOWS]->(b) RETURN p, length(p);
