// Everything that happens at the Hollywood sign: Cruise's landing, the Olympic rings he
// fixes to it, the flag hand-over, and his filming there in March.
MATCH (sign:Landmark {name: 'Hollywood sign'})
MATCH (x)-[r]-(sign)
WHERE type(r) <> 'mentions'
RETURN x.name AS who_or_what, type(r) AS relation, properties(r) AS details, r.sources AS sources
ORDER BY relation, who_or_what;
