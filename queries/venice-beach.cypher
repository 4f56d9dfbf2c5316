// Who performed at the Venice Beach party, what did they perform, and how did the flag
// get there?
MATCH (p)-[r:performs_at]->(party:Event {name: 'Venice Beach party'})
OPTIONAL MATCH (p)-[s:performed]->(song:Song)
RETURN p.name AS performer, collect(DISTINCT song.name) AS songs, r.sources AS sources
ORDER BY performer
UNION
MATCH (g)-[r:brings_flag_to]->(party:Event {name: 'Venice Beach party'})
RETURN g.name + ' (brought the flag)' AS performer, [] AS songs, r.sources AS sources;
