// three-level group-by: residents per country, state and city
MATCH (p:Person)-[:LivesIn]->(c:City)
RETURN c.country AS country, c.state AS state, c.city AS city, count(p) AS residents
ORDER BY residents DESC, city LIMIT 10;
