// fixture: social
MATCH (p:Person) OPTIONAL MATCH (p)-[:LIVES_IN]->(c) RETURN p.name, c.name;
MATCH (p:Person {name: 'Dave'}) OPTIONAL MATCH (p)-[:KNOWS]->(x) RETURN p.name, x;
OPTIONAL MATCH (n:Nobody) RETURN n;
MATCH (p:Person) OPTIONAL MATCH (p)-[:KNOWS]->(f) WHERE f.age > 28 RETURN p.name, f.name;
