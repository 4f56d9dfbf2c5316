// a range on the start, a grouping two hops away: persons under 25 per state of a country
MATCH (p:Person)-[:LivesIn]->(:City)-[:CityIn]->(s:State)
WHERE p.age < 25 AND s.country = 'United Kingdom'
RETURN s.state AS state, count(*) AS young
ORDER BY young DESC, state;
