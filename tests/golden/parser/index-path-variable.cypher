CREATE index = (a)-[:R]->(b)
