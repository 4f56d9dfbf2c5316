// Query 7: which US state has the most persons aged 23 to 30 who enjoy photography?
// Parameters: $country = 'United States', $age_lower = 23, $age_upper = 30,
// $interest = 'photography'.
MATCH (p:Person)-[:LivesIn]->(:City)-[:CityIn]->(s:State)
WHERE p.age >= 23 AND p.age <= 30 AND s.country = 'United States'
WITH p, s
MATCH (p)-[:HasInterest]->(i:Interest)
WHERE lower(i.interest) = lower('photography')
RETURN count(p.id) AS numPersons, s.state AS state, s.country AS country
ORDER BY numPersons DESC LIMIT 1;
