// a variable-length path with a count and DISTINCT over the far nodes: whom the first 200 persons reach in one or two follows
MATCH (p:Person)-[:Follows*1..2]->(f:Person)
WHERE p.id <= 200
RETURN count(*) AS paths, count(DISTINCT f) AS reached;
