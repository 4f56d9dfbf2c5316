MATCH (a)
WHERE a.x = = 1
RETURN a
