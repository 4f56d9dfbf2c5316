// an EXISTS subquery: married residents of Chicago who follow someone of Toronto
MATCH (p:Person)-[:LivesIn]->(c:City)
WHERE c.city = 'Chicago' AND p.isMarried = true
  AND EXISTS { MATCH (p)-[:Follows]->(:Person)-[:LivesIn]->(t:City) WHERE t.city = 'Toronto' }
RETURN p.gender AS gender, count(*) AS persons
ORDER BY gender;
