// fixture: none
// SHOW INDEXES and SHOW CONSTRAINTS with YIELD, WHERE and RETURN, as Neo4j 5 has them.
CREATE INDEX person_name FOR (p:Person) ON (p.name);
CREATE CONSTRAINT book_isbn FOR (b:Book) REQUIRE b.isbn IS UNIQUE;
CREATE CONSTRAINT person_age FOR (p:Person) REQUIRE p.age IS :: INTEGER;
CREATE CONSTRAINT knows_since FOR ()-[k:KNOWS]-() REQUIRE k.since IS NOT NULL;
CREATE FULLTEXT INDEX titles FOR (b:Book) ON EACH [b.title];
SHOW INDEXES;
SHOW INDEXES WHERE type = 'FULLTEXT';
SHOW INDEXES YIELD name, type, owningConstraint RETURN name, type, owningConstraint ORDER BY name;
SHOW INDEXES YIELD name, labelsOrTypes AS tokens WHERE 'Person' IN tokens RETURN name, tokens;
SHOW INDEX YIELD * WHERE owningConstraint IS NOT NULL RETURN name, indexProvider;
SHOW CONSTRAINTS;
SHOW CONSTRAINTS WHERE entityType = 'RELATIONSHIP';
SHOW CONSTRAINTS YIELD name, type, propertyType WHERE propertyType IS NOT NULL;
SHOW CONSTRAINT YIELD * RETURN count(*) AS constraints, collect(name) AS names;
SHOW CONSTRAINTS YIELD name, ownedIndex WHERE ownedIndex IS NOT NULL RETURN name + ' owns ' + ownedIndex AS owner;
EXPLAIN SHOW INDEXES WHERE name = 'titles';
SHOW INDEXES YIELD type, name ORDER BY name DESC;
SHOW INDEXES YIELD name ORDER BY name SKIP 1 LIMIT 1;
SHOW INDEXES YIELD name, type ORDER BY name LIMIT 2 WHERE type = 'EQUALITY' RETURN name;
SHOW CONSTRAINTS YIELD * ORDER BY name DESC LIMIT 1;
// errors
SHOW INDEXES YIELD name ORDER BY nosuch;
SHOW INDEXES YIELD nosuch;
SHOW CONSTRAINTS WHERE nosuch = 1;
SHOW INDEXES RETURN name;
