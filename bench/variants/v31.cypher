// a three-hop path with a filter on a middle node: whom the first 100 persons reach through a young person in three follows
MATCH (a:Person)-[:Follows]->(b:Person)-[:Follows]->(c:Person)-[:Follows]->(d:Person)
WHERE a.id <= 100 AND b.age < 30
RETURN count(*) AS paths, count(DISTINCT d) AS reached;
