// fixture: social
// CALL ... YIELD with aliases, WHERE and *; SHOW PROCEDURES, SHOW FUNCTIONS and SHOW
// DATABASES with YIELD, WHERE and RETURN.
CALL db.labels() YIELD label AS name RETURN name;
CALL db.labels() YIELD label WHERE label STARTS WITH 'P' RETURN label;
CALL db.labels() YIELD label AS l WHERE l <> 'Person' RETURN count(*) AS others;
CALL db.labels() YIELD label WHERE label = 'City';
CALL db.labels() YIELD *;
CALL db.labels;
MATCH (p:Person {name: 'Alice'}) CALL db.labels() YIELD label WHERE label IN labels(p) RETURN p.name, label;
SHOW PROCEDURES WHERE name IN ['db.labels', 'db.propertyKeys', 'dbms.components', 'algo.wcc'];
SHOW PROCEDURES YIELD name, mode, worksOnSystem WHERE mode <> 'READ' AND name STARTS WITH 'dbms.' RETURN name, mode, worksOnSystem;
SHOW PROCEDURE YIELD name, signature, argumentDescription, returnDescription WHERE name = 'algo.pageRank';
SHOW PROCEDURES YIELD * WHERE name = 'db.labels' RETURN name, admin, isDeprecated, option;
SHOW FUNCTIONS WHERE name IN ['toUpper', 'count', 'coalesce', 'labels', 'substring'];
SHOW FUNCTIONS YIELD name, signature, aggregating, isBuiltIn WHERE name IN ['toUpper', 'count', 'coalesce', 'abs', 'rand'];
SHOW FUNCTIONS YIELD name, category WHERE category = 'Aggregating' RETURN collect(name) AS aggregates;
SHOW FUNCTIONS YIELD * WHERE name = 'trim' RETURN name, argumentDescription, returnDescription;
SHOW DATABASES;
SHOW DATABASE neo4j YIELD name, currentStatus;
SHOW DATABASE kgq YIELD name, aliases, default, home;
SHOW DATABASE other;
SHOW DATABASES YIELD * WHERE access = 'read-write' RETURN name, writer;
EXPLAIN SHOW PROCEDURES YIELD name WHERE name CONTAINS 'x';
// errors
SHOW PROCEDURES YIELD nope;
CALL db.labels() YIELD label WHERE nope > 1 RETURN label;
SHOW FUNCTIONS WHERE sum(1) > 0;
SHOW TABLES;
