MATCH (a)-->)
