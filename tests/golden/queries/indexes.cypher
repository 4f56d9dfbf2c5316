// fixture: social
// Index statements, and the same queries answered by scans, then through an index
// (IndexSeek): the results must be the same. $name is 'Alice', $age is 30.
SHOW INDEXES;
MATCH (p:Person) WHERE p.name = 'Alice' RETURN p.name, p.age;
MATCH (p:Person {name: $name})-[:KNOWS]->(f) RETURN f.name;
MATCH (a)-[:KNOWS]->(p:Person) WHERE $name = p.name RETURN a.name;
MATCH (p:Person) WHERE p.age = 30.0 RETURN p.name;
MATCH (p:Person) WHERE p.age = $age AND p.name <> 'Eve' RETURN p.name;
MATCH (p:Person) WHERE p.name = null RETURN p.name;
CREATE INDEX person_name FOR (p:Person) ON (p.name);
CREATE INDEX IF NOT EXISTS FOR (q:Person) ON (q.name);
CREATE INDEX ON :Person(age);
SHOW INDEXES;
EXPLAIN MATCH (p:Person) WHERE p.name = 'Alice' RETURN p.name, p.age;
MATCH (p:Person) WHERE p.name = 'Alice' RETURN p.name, p.age;
EXPLAIN MATCH (p:Person {name: $name})-[:KNOWS]->(f) RETURN f.name;
MATCH (p:Person {name: $name})-[:KNOWS]->(f) RETURN f.name;
EXPLAIN MATCH (a)-[:KNOWS]->(p:Person) WHERE $name = p.name RETURN a.name;
MATCH (a)-[:KNOWS]->(p:Person) WHERE $name = p.name RETURN a.name;
MATCH (p:Person) WHERE p.age = 30.0 RETURN p.name;
EXPLAIN MATCH (p:Person) WHERE p.age = $age AND p.name <> 'Eve' RETURN p.name;
MATCH (p:Person) WHERE p.age = $age AND p.name <> 'Eve' RETURN p.name;
MATCH (p:Person) WHERE p.name = null RETURN p.name;
CREATE (:Person {name: 'Alice', age: 1});
MATCH (p:Person) WHERE p.name = 'Alice' RETURN p.name, p.age;
MATCH (p:Person {name: 'Alice'}) SET p.name = 'Alicia';
MATCH (p:Person) WHERE p.name = 'Alice' RETURN p.name, p.age;
MATCH (p:Person) WHERE p.name = 'Alicia' RETURN p.name, p.age;
CREATE INDEX FOR (p:Person) ON (p.name);
CREATE INDEX FOR (p:Person) ON (q.name);
CREATE INDEX FOR (p:Person:Admin) ON (p.name);
CREATE INDEX FOR (p:Person) ON (p.name, p.age);
CREATE INDEX ON Person(name);
DROP INDEX person_name;
DROP INDEX person_name;
DROP INDEX index_Person_name IF EXISTS;
DROP INDEX ON :Person(age);
SHOW INDEXES;
EXPLAIN MATCH (p:Person) WHERE p.name = 'Alicia' RETURN p.name;
// a comment before an index statement
CREATE INDEX IF NOT EXISTS FOR (c:City) ON (c.name);
SHOW INDEX;
EXPLAIN CREATE INDEX city_population FOR (c:City) ON (c.population);
EXPLAIN DROP INDEX index_City_name;
EXPLAIN SHOW INDEXES;
SHOW INDEXES;
// the words of index statements stay names everywhere else
CREATE INDEX index FOR (index:index) ON (index.index);
CREATE INDEX for FOR (n:Person) ON (n.for);
SHOW INDEXES;
CREATE (:index {index: 1, for: 2});
MATCH (index:index) WHERE index.index = 1 RETURN index.for AS for, count(*) AS indexes;
WITH 1 AS show, 2 AS drop RETURN show + drop AS index, {for: 1, index: 2}.index AS exists, [indexes IN [3] | indexes] AS on;
DROP INDEX index;
DROP INDEX for IF EXISTS;
SHOW INDEXES;
