// an anti-join: follows of the first 2 000 persons that are not followed back
MATCH (a:Person)-[:Follows]->(b:Person)
WHERE a.id <= 2000 AND NOT EXISTS { MATCH (b)-[:Follows]->(a) }
RETURN count(*) AS oneWay;
