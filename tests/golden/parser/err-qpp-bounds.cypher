MATCH (a) ((b)-->(c)){3,1} RETURN a
