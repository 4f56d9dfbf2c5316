MATCH (a) RETURN [(a)-->(m) (()<--()){2} (b) | b.name] AS names
