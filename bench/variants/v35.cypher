// an aggregation over an UNWIND'd list, min/max/avg grouped by a two-hop key: the ages of the residents of four cities by state
UNWIND ['Toronto', 'Chicago', 'London', 'Houston'] AS cityName
MATCH (p:Person)-[:LivesIn]->(c:City)-[:CityIn]->(s:State)
WHERE c.city = cityName
RETURN s.state AS state, min(p.age) AS youngest, max(p.age) AS oldest, avg(p.age) AS averageAge, count(*) AS persons
ORDER BY state;
