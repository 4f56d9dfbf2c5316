MATCH (n {name: $name}) WHERE n.id = $0 RETURN n, $`odd name`
