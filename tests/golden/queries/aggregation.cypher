// fixture: social
MATCH (n:Person) RETURN count(*), count(n.age), sum(n.age), avg(n.age), min(n.age), max(n.age);
MATCH (p:Person)-[:LIVES_IN]->(c:City) RETURN c.name, count(p) AS people, collect(p.name) AS names;
MATCH (n:Nobody) RETURN count(*);
MATCH (n:Nobody) RETURN n.name, count(*);
MATCH (p:Person) RETURN p.age, count(*) AS c ORDER BY c DESC, p.age;
MATCH (p:Person) WITH p.age AS age, count(*) AS c WHERE c > 1 RETURN age, c;
MATCH (a:Person)-[:KNOWS]->(b)-[:KNOWS]->(c) RETURN count(*);
MATCH (p:Person) RETURN count(DISTINCT p.age) AS ages, count(*) + 1 AS more;
MATCH (p:Person) RETURN DISTINCT p.age ORDER BY p.age;
MATCH (p:Person)-[:KNOWS]->(f:Person) RETURN p.name, count(f.name) AS named, count(f.age) AS aged ORDER BY p.name;
