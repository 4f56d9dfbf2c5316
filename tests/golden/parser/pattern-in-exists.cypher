MATCH (n) RETURN exists((n)-->()) AS has, [x IN [1] WHERE (n)--() | x]
