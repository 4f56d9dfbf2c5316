MATCH (a) WHERE EXISTS { (a)-[:KNOWS]->(b) WHERE b.age > 30 } AND exists(a.name) RETURN a
