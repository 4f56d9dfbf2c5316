// a UNION of two groupings: residents per gender of Toronto and of Montreal
MATCH (p:Person)-[:LivesIn]->(c:City)
WHERE c.city = 'Toronto'
RETURN c.city AS city, p.gender AS gender, count(*) AS persons
UNION ALL
MATCH (p:Person)-[:LivesIn]->(c:City)
WHERE c.city = 'Montreal'
RETURN c.city AS city, p.gender AS gender, count(*) AS persons;
