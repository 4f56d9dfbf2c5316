MATCH (a), (b) MERGE (a)-[:A|:B]->(b)
