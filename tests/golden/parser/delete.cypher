MATCH (n)-[r]-() DELETE r, n
