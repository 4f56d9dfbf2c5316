// fixture: social
MATCH (p:Person) RETURN p.name, p.age ORDER BY p.age, p.name;
MATCH (p:Person) RETURN p.name, p.age ORDER BY p.age DESC, p.name;
MATCH (p:Person) RETURN p.name ORDER BY p.name SKIP 1 LIMIT 2;
MATCH (p:Person) RETURN p.name AS n ORDER BY n DESC LIMIT $limit;
MATCH (p:Person) WITH p ORDER BY p.name LIMIT 3 RETURN p.name;
MATCH (p:Person) RETURN p.name LIMIT 0;
MATCH (p:Person) RETURN p.name SKIP -1;
MATCH (p:Person) RETURN p.name LIMIT p.age;
