MATCH (a), (b) CALL (a, b) { CREATE (a)-[:R]->(b) } OPTIONAL CALL (*) { RETURN 1 AS one UNION ALL RETURN 2 AS one } CALL () { RETURN 3 AS three } RETURN one, three
