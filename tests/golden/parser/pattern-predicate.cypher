MATCH (a), (b) WHERE (a)-[:KNOWS]->(b) AND NOT (a)<--(:Enemy) RETURN a
