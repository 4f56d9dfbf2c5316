// Who and what appears in every one of the five reports (and in how many reports each
// entity appears, for the rest).
MATCH (d:Document)-[:mentions]->(e)
WITH e, count(d) AS reports, collect(d.id) AS ids
WHERE reports = 5
RETURN e.name AS entity, labels(e) AS labels, ids
ORDER BY entity;
