MATCH (a)-[:LIKES..]->(c) RETURN c
