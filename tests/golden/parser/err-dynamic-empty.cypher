MATCH (n:$()) RETURN n
