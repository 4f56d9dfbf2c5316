// Who is quoted, what they said (a short quote or our summary), where, and about what.
MATCH (speaker)-[s:said]->(q:Quote)
OPTIONAL MATCH (q)-[:about]->(topic)
RETURN speaker.name AS speaker, q.kind AS kind, q.text AS text, s.place AS place,
       topic.name AS about, s.sources AS sources
ORDER BY speaker;
