// ORDER BY a property with LIMIT over a join: the ten oldest residents of Canada
MATCH (p:Person)-[:LivesIn]->(c:City)
WHERE c.country = 'Canada'
RETURN p.id AS id, p.name AS name, c.city AS city, p.birthday AS birthday
ORDER BY birthday, id
LIMIT 10;
