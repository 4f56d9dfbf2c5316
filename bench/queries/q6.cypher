// Query 6: which city has the most women interested in tennis?
// Parameters: $gender = 'female', $interest = 'tennis'.
MATCH (p:Person)-[:HasInterest]->(i:Interest)
WHERE lower(i.interest) = lower('tennis')
AND lower(p.gender) = lower('female')
WITH p, i
MATCH (p)-[:LivesIn]->(c:City)
RETURN count(p.id) AS numPersons, c.city AS city, c.country AS country
ORDER BY numPersons DESC LIMIT 5;
