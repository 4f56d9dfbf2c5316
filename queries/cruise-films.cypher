// Tom Cruise's films according to the reports, and the stunts and filming they
// recall, with sources.
MATCH (c:Person {name: 'Tom Cruise'})-[r:stars_in|films|spotted_at|performs]->(x)
RETURN type(r) AS how, x.name AS what, properties(r) AS details, r.sources AS sources
ORDER BY how, what;
