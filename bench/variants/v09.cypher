// a cycle: pairs of persons who follow each other
MATCH (a:Person)-[:Follows]->(b:Person)-[:Follows]->(a)
WHERE a.id < b.id
RETURN count(*) AS mutual;
