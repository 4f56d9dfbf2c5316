MATCH (a)-[r:KNOWS->(b) RETURN a
