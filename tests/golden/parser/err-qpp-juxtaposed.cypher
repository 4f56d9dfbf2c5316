MATCH (a) (b) RETURN a
