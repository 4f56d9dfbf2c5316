MATCH (n:A:$($l):$any(["B", x]))-[r:T|$(t)|:$all($ts)]->(m WHERE m:$(n.k)) SET n:$(x), m:Z:$("Y") REMOVE n:$(["Q"]) RETURN n
