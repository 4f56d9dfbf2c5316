MATCH (n) WHERE n:Person:Actor OR (n:Robot) RETURN n
