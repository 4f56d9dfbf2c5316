// The press and broadcasting: who wrote or supplied each report, which outlets reported
// what, who took the photos, and what the official broadcast showed.
MATCH (d:Document)
OPTIONAL MATCH (d)-[r:written_by|adapted_from]->(who)
RETURN d.id AS subject, d.date AS date, type(r) AS relation, who.name AS object, [d.id] AS sources
UNION
MATCH (o)-[r:reported|first_reported|photographed|shows|works_for]->(x)
WHERE o:Organisation OR o.name = 'David Davies' OR o.name = 'French media'
RETURN o.name AS subject, null AS date, type(r) AS relation, x.name AS object, r.sources AS sources;
