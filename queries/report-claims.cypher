// Everything one report says: every claim whose sources include report r3 (change the
// id to read another report), with our note on where the report says it; inverse
// readings the loader added are left out.
MATCH (a)-[r]->(b)
WHERE 'r3' IN r.sources AND type(r) <> 'mentions' AND r.inferred IS NULL
RETURN a.name AS subject, type(r) AS type, b.name AS object, r.evidence AS evidence
ORDER BY id(r);
