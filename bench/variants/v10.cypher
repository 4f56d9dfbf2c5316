// second-degree paths from married persons to persons under 25
MATCH (a:Person)-[:Follows]->(b:Person)-[:Follows]->(c:Person)
WHERE a.isMarried = true AND c.age < 25
RETURN count(*) AS numPaths;
