// Los Angeles 2028: who hosts the next Summer Games, and what Mayor Bass, a fan and Cruise
// said about Los Angeles, its Games and Hollywood (quotes and our summaries).
MATCH (x)-[r:hosts|follows]-(:Event {name: 'Los Angeles 2028 Olympics'})
RETURN 'Los Angeles 2028 Olympics ' + CASE type(r) WHEN 'hosts' THEN 'hosted by' ELSE 'follow' END AS what,
       x.name AS detail, r.sources AS sources
UNION
MATCH (speaker)-[s:said]->(q:Quote)-[:about]->(t)
WHERE t.name IN ['Los Angeles 2028 Olympics', 'Los Angeles', 'Hollywood']
RETURN speaker.name + ' on ' + t.name AS what, q.text AS detail, s.sources AS sources;
