// The athletes the reports name: their sport, their country, and what they achieved
// (gold medals, titles, flag-bearing), each with its sources.
MATCH (a:Athlete)
OPTIONAL MATCH (a)-[:competes_in]->(s:Sport)
OPTIONAL MATCH (a)-[:comes_from]->(c:Country)
OPTIONAL MATCH (a)-[x:wins_gold_medals_at|dominates|flag_bearer_for|hands_to|receives_flag_from|accompanies]->(o)
RETURN a.name AS athlete, collect(DISTINCT s.name) AS sports, collect(DISTINCT c.name) AS countries,
       collect(DISTINCT [type(x), o.name, properties(x), x.sources]) AS achievements
ORDER BY athlete;
