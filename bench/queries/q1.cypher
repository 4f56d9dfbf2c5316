// Query 1: who are the top 3 most-followed persons?
MATCH (follower:Person)-[:Follows]->(person:Person)
RETURN person.id AS personID, person.name AS name, count(follower.id) AS numFollowers
ORDER BY numFollowers DESC LIMIT 3;
