MATCH (n)
WEHRE n.age > 3
RETURN n
