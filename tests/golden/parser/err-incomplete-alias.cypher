MATCH (n) RETURN n.name AS
