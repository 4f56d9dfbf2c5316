match (n:Person) where n.x = 1 return distinct n order by n.x desc limit 1
