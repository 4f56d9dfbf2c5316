MATCH p = (a)-->(b) FOREACH (n IN nodes(p) | SET n.seen = true FOREACH (x IN [1] | CREATE (:Log {at: x})))
