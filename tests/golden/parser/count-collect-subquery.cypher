MATCH (n) RETURN COUNT { (n)-->() } AS out, COLLECT { MATCH (n)-->(m) RETURN m.name } AS names, count {.name} AS m
