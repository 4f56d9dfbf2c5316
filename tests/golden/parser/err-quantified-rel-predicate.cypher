MATCH (a), (b) WHERE NOT (a)-[:KNOWS]->+(b) RETURN a
