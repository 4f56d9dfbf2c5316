// The line-up section by section: which performers each part of the closing ceremony
// had (stadium show, record section, music section, handover, Venice Beach), with sources.
MATCH (sec:Event)-[:part_of*0..3]->(:Event {name: 'Paris 2024 Olympics closing ceremony'})
MATCH (p)-[r:performs_at]->(sec)
RETURN sec.name AS section, p.name AS performer, labels(p) AS kind, r.sources AS sources
ORDER BY section, performer;
