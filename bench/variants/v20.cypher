// a filter on a count, then a grouping: the genders of persons with four interests
MATCH (p:Person)-[:HasInterest]->(i:Interest)
WITH p, count(i) AS interests
WHERE interests = 4
RETURN p.gender AS gender, count(*) AS persons
ORDER BY gender;
