// Query 9: how many paths go through persons below 50 to persons above 25?
// Parameters: $age_1 = 50, $age_2 = 25.
MATCH (a:Person)-[r1:Follows]->(b:Person)-[r2:Follows]->(c:Person)
WHERE b.age < 50 AND c.age > 25
RETURN count(*) as numPaths;
