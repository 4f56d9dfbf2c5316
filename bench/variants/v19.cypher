// into one city: how many follows reach the people of Toronto, and from how many followers
MATCH (f:Person)-[:Follows]->(p:Person)-[:LivesIn]->(c:City)
WHERE c.city = 'Toronto'
RETURN count(*) AS follows, count(DISTINCT f) AS followers;
