MATCH (a)-[:A|B|:C]->(b) RETURN b
