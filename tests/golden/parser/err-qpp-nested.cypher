MATCH (a) (((b)-->(c)){2})+ RETURN a
