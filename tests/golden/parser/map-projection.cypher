MATCH (n) RETURN n {.name, .*, age: n.age * 2, other}, n {}
