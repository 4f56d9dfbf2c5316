// Who is quoted outside the Stade de France, what do the reports say about him, and
// what did he say?
MATCH (p:Person)-[s:said]->(q:Quote)
WHERE s.place = 'outside the Stade de France'
OPTIONAL MATCH (p)-[w:wears]->(shirt)
RETURN p.name AS person, p.age AS age, p.role AS role, p.role_sources AS about_him_sources,
       shirt.name AS wearing,
       q.text AS said, s.sources AS sources;
