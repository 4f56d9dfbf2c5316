// Who sang the US national anthem, where in the ceremony, and what do the reports say
// about the singer?
MATCH (p)-[r:performed]->(s:Song {name: 'The Star-Spangled Banner'})
OPTIONAL MATCH (p)-[w:wins]->(a:Award)
OPTIONAL MATCH (p)-[n:comes_from]->(c:Country)
OPTIONAL MATCH (e:Event)-[o:opens_with]->(s)
RETURN p.name AS singer, p.role AS role, c.name AS country, r.sources AS sources,
       collect(DISTINCT a.name) AS awards, collect(DISTINCT [e.name, o.sources]) AS opens;
