// two groupings across a hop: interests by gender
MATCH (p:Person)-[:HasInterest]->(i:Interest)
RETURN i.interest AS interest, p.gender AS gender, count(*) AS persons
ORDER BY persons DESC, interest, gender LIMIT 5;
