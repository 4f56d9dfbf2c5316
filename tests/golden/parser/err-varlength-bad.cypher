MATCH (a)-[*1..x]->(b) RETURN a
