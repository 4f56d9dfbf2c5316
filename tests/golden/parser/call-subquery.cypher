MATCH (p:Person) CALL { WITH p MATCH (p)-->(f) RETURN count(f) AS n } RETURN p, n
