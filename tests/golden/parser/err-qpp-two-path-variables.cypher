MATCH p = (q = (a)-->+(b)) RETURN p
