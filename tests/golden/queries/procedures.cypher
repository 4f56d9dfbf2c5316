// fixture: social
CALL db.labels();
CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t ORDER BY t;
CALL db.propertyKeys() YIELD propertyKey RETURN count(*) > 0;
MATCH (n:City) CALL db.labels() YIELD label RETURN n.name, label ORDER BY n.name, label;
CALL dbms.components();
CALL dbms.procedures() YIELD name, signature, mode RETURN name, signature, mode;
CALL db.labels(1);
CALL dbms.components() YIELD nope;
CALL dbms.procedures() YIELD *;
