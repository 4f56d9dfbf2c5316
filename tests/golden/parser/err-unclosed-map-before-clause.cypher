MATCH (n:Person {name: 'x'
RETURN n
