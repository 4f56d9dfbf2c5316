MATCH (a), (b:B)-->(c) RETURN a, b, c
