// collect() then size(): persons under 25 with three or more interests, per gender
MATCH (p:Person)-[:HasInterest]->(i:Interest)
WHERE p.age < 25
WITH p, collect(i.interest) AS interests
WHERE size(interests) >= 3
RETURN p.gender AS gender, count(*) AS persons
ORDER BY gender;
