// aggregation after WITH … WHERE on a count: the persons with over 1000 followers
MATCH (f:Person)-[:Follows]->(p:Person)
WITH p, count(f) AS followers
WHERE followers > 1000
RETURN count(p) AS popular, min(followers) AS fewest, max(followers) AS most;
