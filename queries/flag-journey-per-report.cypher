// The flag's journey as each report tells it: for every report, the flag legs it
// mentions, in corpus order, as the report tells them (not the inverse readings). Shows where the reports agree and where they differ
// (who handed Cruise the flag; Kate Courtney or "a series of athletes" in Los Angeles).
MATCH (d:Document)
MATCH (a)-[r:hands_to|receives_flag_from|carries_flag_to|carries_flag_through|brings_flag_to]->(b)
WHERE d.id IN r.sources AND r.inferred IS NULL
RETURN d.id AS report, a.name AS subject, type(r) AS step, b.name AS object
ORDER BY report, id(r);
