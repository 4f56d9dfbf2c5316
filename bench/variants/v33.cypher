// a count of distinct far nodes per group: how many persons the residents of each Canadian city follow
MATCH (c:City)<-[:LivesIn]-(p:Person)-[:Follows]->(f:Person)
WHERE c.country = 'Canada'
RETURN c.city AS city, count(DISTINCT f) AS followed, count(*) AS follows
ORDER BY followed DESC, city
LIMIT 5;
