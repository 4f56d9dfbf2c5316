MATCH (a), (b) WHERE (a) ((x)-->(y)){1,3} (b) RETURN a
