// Every named person: the role and nationality the reports give them, the reports that
// give each, and the reports that name them.
MATCH (p:Person)
RETURN p.name AS person, p.role AS role, p.role_sources AS role_sources,
       p.nationality AS nationality, p.nationality_sources AS nationality_sources,
       p.sources AS sources
ORDER BY person;
