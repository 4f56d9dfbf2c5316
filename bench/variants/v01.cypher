// out-degree top-k: who follows the most persons?
MATCH (p:Person)-[:Follows]->(f:Person)
RETURN p.id AS id, p.name AS name, count(f) AS following
ORDER BY following DESC, id LIMIT 5;
