MATCH (n) RETURN count(*), count(DISTINCT n.name), collect(n)
