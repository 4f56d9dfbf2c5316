// a filter on one side, a grouping on the other: the interests of Canadians
MATCH (i:Interest)<-[:HasInterest]-(p:Person)-[:LivesIn]->(c:City)
WHERE c.country = 'Canada'
RETURN i.interest AS interest, count(p) AS persons
ORDER BY persons DESC, interest LIMIT 5;
