// Look an entity up by any of its names: canonical name or alias (here "HER"), then
// list what the reports say it did.
MATCH (n)
WHERE n.name = 'HER' OR 'HER' IN n.aliases
MATCH (n)-[r]->(o)
RETURN n.name AS entity, type(r) AS type, o.name AS object, r.sources AS sources
ORDER BY type, object;
