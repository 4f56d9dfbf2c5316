// a string prefix and an IN list: persons named Am… in four cities
MATCH (p:Person)-[:LivesIn]->(c:City)
WHERE p.name STARTS WITH 'Am' AND c.city IN ['Toronto', 'Chicago', 'London', 'Houston']
RETURN c.city AS city, count(*) AS persons
ORDER BY city;
