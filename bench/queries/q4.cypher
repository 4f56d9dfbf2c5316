// Query 4: how many persons between ages 30 and 40 are there in each country?
// Parameters: $age_lower = 30, $age_upper = 40.
MATCH (p:Person)-[:LivesIn]->(ci:City)-[*1..2]->(country:Country)
WHERE p.age >= 30 AND p.age <= 40
RETURN country.country AS countries, count(country) AS personCounts
ORDER BY personCounts DESC LIMIT 3;
