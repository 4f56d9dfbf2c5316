// Who handed Tom Cruise the Olympic flag? The reports disagree: two say Simone Biles,
// two say Karen Bass. Each answer comes with its reports and their notes.
MATCH (c:Person {name: 'Tom Cruise'})-[r:receives_flag_from]->(giver)
RETURN giver.name AS giver, r.sources AS sources, r.evidence AS evidence
ORDER BY giver;
