// a filter at the far end of two hops: the youngest Canadian provinces
MATCH (p:Person)-[:LivesIn]->(:City)-[:CityIn]->(s:State)
WHERE s.country = 'Canada'
RETURN s.state AS state, avg(p.age) AS averageAge, count(p) AS persons
ORDER BY averageAge, state LIMIT 5;
