MATCH (a) RETURN *, a.name AS name
