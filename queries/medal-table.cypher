// The medal table of the Paris Games as the reports give it: rank, gold medals and
// total medals per country, with the reports behind each number.
MATCH (c:Country)-[r:ranks_in]->(:Object {name: 'Paris 2024 medal table'})
OPTIONAL MATCH (c)-[g:wins_gold_medals_at]->(:Event {name: 'Paris 2024 Olympics'})
OPTIONAL MATCH (c)-[t:wins_medals_at]->(:Event {name: 'Paris 2024 Olympics'})
RETURN r.rank AS rank, c.name AS country, g.number AS gold, t.number AS total,
       r.sources AS rank_sources, g.sources AS gold_sources, t.sources AS total_sources
ORDER BY rank;
