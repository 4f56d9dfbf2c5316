// a COUNT subquery in the projection: the 40-year-olds with the most followers
MATCH (p:Person)
WHERE p.age = 40
RETURN p.id AS id, COUNT { MATCH (f:Person)-[:Follows]->(p) } AS followers
ORDER BY followers DESC, id LIMIT 5;
