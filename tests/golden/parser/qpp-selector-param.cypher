MATCH p = SHORTEST $k GROUPS (a)-[:R]-+(b) RETURN p
