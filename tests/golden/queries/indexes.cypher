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
DROP INDEX index_Person_name;
DROP INDEX index_Person_name;
DROP INDEX index_Person_name IF EXISTS;
DROP INDEX ON :Person(age);
SHOW INDEXES;
EXPLAIN MATCH (p:Person) WHERE p.name = 'Alicia' RETURN p.name;
// a comment before an index statement
CREATE INDEX IF NOT EXISTS FOR (c:City) ON (c.name);
SHOW INDEX;
