// Query 3: which 5 cities in a country have the lowest average age?
// Parameter: $country = 'United States'.
MATCH (p:Person) -[:LivesIn]-> (c:City) -[*1..2]-> (co:Country)
WHERE co.country = 'United States'
RETURN c.city AS city, avg(p.age) AS averageAge
ORDER BY averageAge LIMIT 5;
