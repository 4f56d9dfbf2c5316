OPTIONAL MATCH (a)-[r]-(b) RETURN a, r, b
