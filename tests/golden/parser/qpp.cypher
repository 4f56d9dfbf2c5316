MATCH ((a:Station)-[l:LINK WHERE l.distance < 10]->(b) WHERE a.x < b.x){1,3} (c) RETURN c
