// fixture: none
// GQL's standalone ORDER BY, SKIP/OFFSET, LIMIT, FILTER and FINISH: the examples of
// Neo4j's Cypher manual (ORDER BY, SKIP, LIMIT, FILTER, FINISH) with its results.
CREATE (andy:Person {name: 'Andy', age: 34, length: 170}), (bernard:Person {name: 'Bernard', age: 36}), (charlotte:Person {name: 'Charlotte', age: 32, length: 185}), (andy)-[:KNOWS]->(bernard), (bernard)-[:KNOWS]->(charlotte);
MATCH (n) ORDER BY n.name RETURN collect(n.name) AS names;
MATCH (n) ORDER BY n.name DESC SKIP 1 LIMIT 1 RETURN n.name AS name;
MATCH (n) ORDER BY n.length DESC RETURN collect(n.name) AS names;
MATCH (n) DETACH DELETE n;
CREATE (andy:Person {name: 'Andy'}), (bernard:Person {name: 'Bernard'}), (charlotte:Person {name: 'Charlotte'}), (david:Person {name: 'David'}), (erika:Person {name: 'Erika'}), (andy)-[:KNOWS]->(bernard), (andy)-[:KNOWS]->(charlotte), (andy)-[:KNOWS]->(david), (andy)-[:KNOWS]->(erika);
MATCH (n) SKIP 2 RETURN collect(n.name) AS names;
MATCH (n) ORDER BY n.name SKIP 2 LIMIT 2 RETURN collect(n.name) AS names;
MATCH (n) ORDER BY n.name OFFSET 2 LIMIT 2 RETURN collect(n.name) AS names;
MATCH (n) LIMIT 2 RETURN collect(n.name) AS names;
MATCH (n) ORDER BY n.name DESC SKIP 2 LIMIT 2 RETURN collect(n.name) AS names;
MATCH (n) RETURN n.name ORDER BY n.name OFFSET 3;
MATCH (n) WITH n ORDER BY n.name DESC OFFSET 1 LIMIT 3 RETURN collect(n.name) AS names;
// SKIP and LIMIT take parameters and constant expressions, as in WITH
MATCH (n) ORDER BY n.name LIMIT $limit SKIP 1 RETURN collect(n.name) AS names;
MATCH (n) DETACH DELETE n;
CREATE (andy:Swedish:Person {name: 'Andy', age: 36}), (timothy:Person {name: 'Timothy', age: 38}), (peter:Person {name: 'Peter', age: 35}), (lisa:Person {name: 'Lisa', age: 48}), (john:Person {name: 'John', age: 40}), (susan:Person {name: 'Susan', age: 32}), (andy)-[:KNOWS {since: 2012}]->(timothy), (andy)-[:KNOWS {since: 1999}]->(peter), (peter)-[:KNOWS {since: 2005}]->(lisa), (lisa)-[:KNOWS {since: 2010}]->(john), (john)-[:KNOWS {since: 2021}]->(susan);
MATCH (n) FILTER n:Swedish RETURN n.name AS name;
MATCH (n:Person) FILTER n.age < 35 RETURN n.name AS name, n.age AS age;
MATCH (p:Person)-[r:KNOWS]->(n:Person) FILTER r.since > 2010 RETURN p.name AS person, r.since AS knowsSince, n.name AS otherPerson;
MATCH (n:Person) FILTER n[$propname] > 40 RETURN n.name AS name, n.age AS age;
UNWIND [32, 37, 40] AS ageValue OPTIONAL MATCH (p:Person) WHERE p.age = ageValue RETURN p.name AS name, p.age AS age;
UNWIND [32, 37, 40] AS ageValue OPTIONAL MATCH (p:Person) FILTER p.age = ageValue RETURN p.name AS name, p.age AS age;
UNWIND [1, 2, 3, 4, 5, 6] AS x FILTER x > 2 RETURN x;
UNWIND [1, 2, 3, 4, 5, 6] AS x FILTER WHERE x > 4 RETURN x;
// FILTER, ORDER BY and LIMIT one after another, before a write
UNWIND range(1, 10) AS i FILTER i % 2 = 0 ORDER BY i DESC LIMIT 2 CREATE (:Even {i: i});
MATCH (e:Even) RETURN e.i;
// FINISH: the query runs, for its side effects, and returns nothing
MATCH (p:Person) FINISH;
CREATE (p:Person {name: 'Finn'}) FINISH;
MATCH (p:Person {name: 'Finn'}) RETURN count(p);
MATCH (p:Person) CALL (p) { SET p.seen = true FINISH } RETURN count(p.seen);
// the words stay names where a name can stand
WITH 1 AS offset, 2 AS filter, 3 AS finish RETURN offset + filter + finish AS sum, {offset: offset}.offset AS o;
EXPLAIN MATCH (n:Person) FILTER n.age > 35 ORDER BY n.age LIMIT 2 RETURN n.name;
// errors
MATCH (n) ORDER BY n.name;
MATCH (n) FILTER n.age > 1;
MATCH (n) FINISH RETURN n;
MATCH (n) ORDER BY count(*) RETURN n;
MATCH (n) SKIP -1 RETURN n;
MATCH (n) LIMIT n.age RETURN n;
MATCH (n) FILTER RETURN n;
RETURN 1 AS x FINISH;
