MATCH (a)
WHERE a.x = 1
RETURN a.name AS name,
       a.age
