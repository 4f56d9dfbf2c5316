// fixture: none
// Neo4j 5 and GQL clauses and commands kgq does not have: each error names the
// construct and says why (docs/cypher.md, "Neo4j 5 and GQL support").
USE neo4j MATCH (n) RETURN n;
MATCH (n) CALL (n) { USE other MATCH (m) RETURN m } RETURN n;
LET x = 1 RETURN x;
FOR x IN [1, 2] RETURN x;
MATCH (n) RETURN n NEXT RETURN 1;
MATCH (n) RETURN n.name, count(*) GROUP BY n.name;
SEARCH n IN (VECTOR INDEX idx FOR [1, 2] LIMIT 5) RETURN n;
INSERT (:Person {name: 'Ada'});
BEGIN;
COMMIT;
ROLLBACK;
SHOW TRANSACTIONS;
SHOW SETTINGS YIELD *;
SHOW USERS;
SHOW ROLES;
SHOW PRIVILEGES;
TERMINATE TRANSACTIONS 'neo4j-transaction-1';
CREATE DATABASE other;
DROP DATABASE other;
CREATE USER bob SET PASSWORD 'secret';
CREATE ROLE reader;
GRANT ROLE reader TO bob;
DENY MATCH {*} ON GRAPH * TO reader;
REVOKE ROLE reader FROM bob;
ALTER DATABASE neo4j SET ACCESS READ ONLY;
START DATABASE neo4j;
STOP DATABASE neo4j;
// the same words as names are fine
WITH 1 AS use, 2 AS let, 3 AS next RETURN use + let + next AS sum;
MATCH (n:USE) RETURN count(n) AS n;
