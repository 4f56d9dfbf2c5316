MATCH (a)-[r:KNOWS {since: 2000}]->(b) RETURN r
