// fixture: social
MATCH (a:Person {name: 'Alice'})-[:KNOWS*]->(b) RETURN b.name;
MATCH (a:Person {name: 'Alice'})-[:KNOWS*0..1]->(b) RETURN b.name;
MATCH (a:Person {name: 'Alice'})-[r:KNOWS*2]->(b) RETURN b.name, size(r);
MATCH (a:Person {name: 'Eve'})-[:KNOWS*..2]-(b) RETURN b.name;
MATCH p = (a:Person {name: 'Alice'})-[:KNOWS*1..3]->(b) RETURN length(p), b.name ORDER BY length(p), b.name;
MATCH (a:Person {name: 'Alice'}), (d:Person {name: 'Dave'}) MATCH p = shortestPath((a)-[:KNOWS*]->(d)) RETURN length(p), [n IN nodes(p) | n.name] AS names;
MATCH (a:Person {name: 'Eve'}), (c:City {name: 'Los Angeles'}) MATCH p = allShortestPaths((a)-[*]-(c)) RETURN [n IN nodes(p) | n.name] AS names;
