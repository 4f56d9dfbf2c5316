// residents of the largest cities
MATCH (p:Person)-[:LivesIn]->(c:City)
WHERE c.population > 5000000
RETURN c.city AS city, c.population AS population, count(p) AS residents
ORDER BY city;
