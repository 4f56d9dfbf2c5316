// fixture: social
// shortestPath searches from both ends; allShortestPaths from one. Their lengths agree.
MATCH (a:Person {name: 'Dave'}), (b:Person {name: 'Eve'}) MATCH p = shortestPath((a)-[*]-(b)) RETURN length(p), [n IN nodes(p) | n.name] AS names;
MATCH (a:Person {name: 'Dave'}), (b:Person {name: 'Eve'}) MATCH p = allShortestPaths((a)-[*]-(b)) RETURN length(p), [n IN nodes(p) | n.name] AS names;
MATCH (a:Person {name: 'Dave'}), (b:Person {name: 'Eve'}) MATCH p = shortestPath((a)-[*]->(b)) RETURN length(p);
MATCH (a:Person {name: 'Eve'}), (b:Person {name: 'Dave'}) MATCH p = shortestPath((a)-[:KNOWS*]->(b)) RETURN [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types;
MATCH (a:Person {name: 'Eve'}), (b:Person {name: 'Dave'}) MATCH p = shortestPath((a)-[:KNOWS*..2]->(b)) RETURN length(p);
MATCH (a:Person {name: 'Eve'}) MATCH p = shortestPath((a)-[*0..]-(a)) RETURN length(p);
MATCH (a:Person {name: 'Alice'}), (c:City) MATCH p = shortestPath((a)-[*]-(c)) RETURN c.name, length(p) ORDER BY c.name;
MATCH (a:Person {name: 'Alice'}), (c:City) MATCH p = allShortestPaths((a)-[*]-(c)) RETURN c.name, [n IN nodes(p) | n.name] AS names;
