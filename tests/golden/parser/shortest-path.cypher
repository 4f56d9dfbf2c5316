MATCH p = shortestPath((a:A)-[*..5]-(b:B)), q = allShortestPaths((a)-[*]->(b)) RETURN p, q
