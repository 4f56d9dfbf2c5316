// a selective MATCH after a WITH that only passes variables on: where the astronomers live
MATCH (p:Person)-[:LivesIn]->(c:City)
WITH p, c
MATCH (p)-[:HasInterest]->(i:Interest)
WHERE i.interest = 'Astronomy' AND p.isMarried = false
RETURN c.country AS country, count(*) AS persons
ORDER BY country;
