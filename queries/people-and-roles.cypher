// Every named person: the role the reports give them and the reports that name them.
MATCH (p:Person)
RETURN p.name AS person, p.role AS role, p.nationality AS nationality, p.sources AS sources
ORDER BY person;
