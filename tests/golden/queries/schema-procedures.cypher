// fixture: social
// The schema procedures tools call at start-up: label sets and types with their
// properties (mandatory when every node or relationship of the set has it), the schema
// as maps, and the names in use.
CALL db.schema.nodeTypeProperties();
CALL db.schema.relTypeProperties();
CREATE CONSTRAINT city_name FOR (c:City) REQUIRE c.name IS UNIQUE;
CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n RETURN n.name, n.indexes, n.constraints;
CALL db.schema.visualization() YIELD relationships UNWIND relationships AS r RETURN r.type, r.startNode, r.endNode;
CREATE (:Tag), ({x: [1, 2]}), ({x: 'mixed'});
CALL db.schema.nodeTypeProperties() YIELD nodeType, propertyName, propertyTypes, mandatory WITH * WHERE nodeType IN ['', ':`Tag`'] RETURN nodeType, propertyName, propertyTypes, mandatory;
CALL db.labels();
CALL db.relationshipTypes();
CALL db.propertyKeys();
