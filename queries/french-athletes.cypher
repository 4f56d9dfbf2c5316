// Which French athletes do the reports name, and what did they achieve?
MATCH (a:Athlete)-[n:comes_from]->(:Country {name: 'France'})
OPTIONAL MATCH (a)-[s:competes_in]->(sport:Sport)
OPTIONAL MATCH (a)-[x:wins_gold_medals_at|dominates]->(o)
RETURN a.name AS athlete, collect(DISTINCT sport.name) AS sport,
       collect(DISTINCT [type(x), o.name, x.title, x.number, x.career_total]) AS achievements,
       n.sources AS sources
ORDER BY athlete;
