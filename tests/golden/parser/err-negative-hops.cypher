MATCH (a)-[:LIKES*-2]->(c) RETURN c
