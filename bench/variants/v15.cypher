// distinct far nodes: the cities that persons with small ids follow into
MATCH (p:Person)-[:Follows]->(f:Person)-[:LivesIn]->(c:City)
WHERE p.id <= 1000
RETURN count(DISTINCT c) AS cities, count(*) AS follows;
