// in-degree from a filtered side: the most-followed persons among followers under 30
MATCH (f:Person)-[:Follows]->(p:Person)
WHERE f.age < 30
RETURN p.id AS id, count(f.id) AS young
ORDER BY young DESC, id LIMIT 5;
