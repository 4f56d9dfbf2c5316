// Which French performers appeared in the stadium part of the closing ceremony, and
// what did they perform? (Nationality as the reports give it.)
MATCH (p)-[n:comes_from]->(:Country {name: 'France'})
MATCH (p)-[:performs_at]->(e:Event)-[:part_of*0..3]->(:Event {name: 'Paris 2024 Olympics closing ceremony'})
WHERE e.name <> 'Venice Beach party'
OPTIONAL MATCH (p)-[r:performed]->(s:Song)
RETURN p.name AS performer, collect(DISTINCT e.name) AS appeared_in,
       collect(DISTINCT s.name) AS performed, n.sources AS nationality_sources
ORDER BY performer;
