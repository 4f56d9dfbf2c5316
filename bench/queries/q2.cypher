// Query 2: in which city does the most-followed person live?
MATCH (follower:Person)-[:Follows]->(person:Person)
WITH person, count(follower.id) as numFollowers
ORDER BY numFollowers DESC LIMIT 1
MATCH (person) -[:LivesIn]-> (city:City)
RETURN person.name AS name, numFollowers, city.city AS city, city.state AS state, city.country AS country;
