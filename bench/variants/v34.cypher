// a pattern that ignores the direction of the relationship: married persons of fifty or more linked either way to the first 1000 persons
MATCH (a:Person)-[:Follows]-(b:Person)
WHERE a.id <= 1000 AND b.isMarried = true AND b.age >= 50
RETURN count(*) AS links, count(DISTINCT b) AS persons;
