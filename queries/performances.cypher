// Who performed what, and where: every song performed live at the closing ceremony
// (stadium sections and the Venice Beach party) and where the performer appeared.
MATCH (p)-[r:performed]->(s:Song)
OPTIONAL MATCH (p)-[:performs_at]->(e:Event)
WITH p, r, s, collect(DISTINCT e.name) AS events
RETURN p.name AS performer, s.name AS song, r.at AS at, events, r.sources AS sources
ORDER BY performer, song;
