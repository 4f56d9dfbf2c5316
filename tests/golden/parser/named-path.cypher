MATCH p = (a)-[:KNOWS*]->(b) RETURN p
