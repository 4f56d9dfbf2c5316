// a count on the far side of a filtered count: the interests of the most-followed
MATCH (f:Person)-[:Follows]->(p:Person)
WITH p, count(f) AS followers
WHERE followers > 2000
MATCH (p)-[:HasInterest]->(i:Interest)
RETURN i.interest AS interest, count(p) AS persons
ORDER BY persons DESC, interest LIMIT 3;
