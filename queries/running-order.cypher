// The running order of the closing ceremony as the reports give it: what opened and closed
// the ceremony and its sections, what it built up to, and which part or act came after
// which. The reports disagree on the first moment, so both sides are listed with sources.
MATCH (a)-[r:opens_with|closes_with|culminates_in|follows|performs_after|hands_stage_to]->(b)
WHERE b.name <> 'Paris 2024 Olympics'
RETURN a.name AS subject, type(r) AS relation, b.name AS object, r.sources AS sources
ORDER BY id(r);
