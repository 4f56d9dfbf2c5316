MATCH (n) REMOVE n.a, n:A:B
