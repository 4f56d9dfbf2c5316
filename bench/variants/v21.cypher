// OPTIONAL MATCH with a grouping: residents per Canadian province, cities without residents counted as none
MATCH (c:City)
WHERE c.country = 'Canada'
OPTIONAL MATCH (p:Person)-[:LivesIn]->(c)
RETURN c.state AS state, count(p) AS residents
ORDER BY residents DESC, state LIMIT 5;
