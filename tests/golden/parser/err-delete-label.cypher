MATCH (n) DELETE n:Person
