MATCH (n:Person:Actor) RETURN n.name
