// ORDER BY an aggregate with SKIP: the sixth to tenth most-followed persons among those over 50
MATCH (f:Person)-[:Follows]->(p:Person)
WHERE p.age > 50
RETURN p.id AS id, count(*) AS followers
ORDER BY followers DESC, id SKIP 5 LIMIT 5;
