// two paths through a shared node: follows between persons of the same city
MATCH (a:Person)-[:Follows]->(b:Person), (a)-[:LivesIn]->(c:City)<-[:LivesIn]-(b)
RETURN c.city AS city, count(*) AS pairs
ORDER BY pairs DESC, city LIMIT 5;
