MATCH (a)-[r:]->(b) RETURN a
