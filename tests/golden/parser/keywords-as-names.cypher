MATCH (n:Match {return: 1})-[:WHERE]->(m) RETURN n.order AS limit, m.`end`
