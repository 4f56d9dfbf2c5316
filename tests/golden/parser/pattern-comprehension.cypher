MATCH (a) RETURN [(a)-[:KNOWS]->(b) WHERE b.age > 1 | b.name], [p = (a)-->() | length(p)]
