MATCH p = SHORTEST 2 GROUPS (a:Station)-[r:LINK]-+(b) RETURN p
