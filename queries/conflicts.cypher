// Every pair of claims that disagree on a relationship type declared single-valued in
// corpus/relations.csv: same subject, same type, a different object or different
// properties. Inverse readings the loader added (inferred: true) restate other claims
// and are left out. (`kgq check` and the REPL's :conflicts list the same thing.)
MATCH (s)-[r1]->(o1), (s)-[r2]->(o2)
WHERE type(r1) = type(r2) AND id(r1) < id(r2) AND r1.inferred IS NULL AND r2.inferred IS NULL
  AND type(r1) IN ['receives_flag_from', 'opens_with', 'closes_with', 'held_on', 'starts_on',
                   'ends_on', 'located_in', 'formed_in', 'ranks_in', 'wins_medals_at',
                   'wins_gold_medals_at', 'mayor_of', 'frontman_of', 'from_film', 'theme_of',
                   'taken_at', 'extinguished_at', 'lit_in', 'knighted_on', 'adapted_from',
                   'written_by']
RETURN s.name AS subject, type(r1) AS type,
       o1.name AS one_side, r1.sources AS one_sources,
       o2.name AS other_side, r2.sources AS other_sources
ORDER BY subject, type;
