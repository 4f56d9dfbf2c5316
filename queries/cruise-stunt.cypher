// How did Tom Cruise come into the Stade de France: from where, how high, by what, after
// how much preparation, and to what music? Every detail with its reports (the height with
// the reports that give it).
MATCH (c:Person {name: 'Tom Cruise'})-[r:descends_into|jumps_from|descends_by|prepares|seen_at]->(x)
WHERE x.name IN ['Stade de France', 'rope', "Tom Cruise's Stade de France stunt"]
RETURN type(r) AS how, x.name AS what, r.from AS from_where, r.height_m AS height_m,
       r.height_m_sources AS height_sources,
       r.place AS place, r.months AS months_of_preparation, r.sources AS sources
ORDER BY how, sources
UNION
MATCH (m:Song)-[r:played_during]->(:Event {name: "Tom Cruise's Stade de France stunt"})
RETURN 'music' AS how, m.name AS what, null AS from_where, null AS height_m,
       null AS height_sources,
       null AS place, null AS months_of_preparation, r.sources AS sources;
