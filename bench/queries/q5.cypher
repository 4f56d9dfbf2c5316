// Query 5: how many men in London, United Kingdom have an interest in fine dining?
// Parameters: $gender = 'male', $city = 'London', $country = 'United Kingdom',
// $interest = 'fine dining'.
MATCH (p:Person)-[:HasInterest]->(i:Interest)
WHERE lower(i.interest) = lower('fine dining')
AND lower(p.gender) = lower('male')
WITH p, i
MATCH (p)-[:LivesIn]->(c:City)
WHERE c.city = 'London' AND c.country = 'United Kingdom'
RETURN count(p) AS numPersons;
