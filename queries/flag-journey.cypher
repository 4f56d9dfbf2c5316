// The Olympic flag's journey, from Anne Hidalgo in the Stade de France to the Venice
// Beach party in Los Angeles: every hand-over and leg, with the reports that tell it.
// Hand-overs are stored the way each report tells them ("A hands_to B" or
// "B receives_flag_from A"), and the loader adds the other reading (inferred: true);
// this lists each hand-over once, as told. Carrying the flag is a `carries`
// relationship to the Olympic flag itself. Each step is returned as a path too, so a
// tool that draws results (the page of `kgq serve --http`, `kgq dot`) draws the journey.
MATCH p = (a)-[r]->(b)
WHERE (type(r) IN ['hands_to', 'receives_flag_from', 'carries_flag_to', 'carries_flag_through', 'brings_flag_to']
       OR (type(r) = 'carries' AND b.name = 'Olympic flag'))
  AND r.inferred IS NULL
RETURN a.name AS subject, type(r) AS step, b.name AS object, r.sources AS sources, p
ORDER BY id(r);
