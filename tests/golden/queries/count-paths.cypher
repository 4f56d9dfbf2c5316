// fixture: loops
// Each pair: the count computed without enumerating (CountPaths), then by enumerating
// (the second column stops the rewrite). The two must agree.
EXPLAIN MATCH (a:P)-[:F]->(b)-[:F]->(c:P) WHERE b.v > 1 RETURN count(*);
MATCH (a)-[:F]->(b)-[:F]->(c) RETURN count(*);
MATCH (a)-[:F]->(b)-[:F]->(c) RETURN count(*), 0 AS z;
MATCH (a:P)-[:F]->(b:P)-[:F]->(c:P) RETURN count(*);
MATCH (a:P)-[:F]->(b:P)-[:F]->(c:P) RETURN count(*), 0 AS z;
MATCH (a)-[:F]->(b)<-[:F]-(c) RETURN count(*);
MATCH (a)-[:F]->(b)<-[:F]-(c) RETURN count(*), 0 AS z;
MATCH (a)<-[:F|G]-(b)-[:G|F]->(c) RETURN count(a);
MATCH (a)<-[:F|G]-(b)-[:G|F]->(c) RETURN count(a), 0 AS z;
MATCH (a)-[]->(b)-[:G]->(c) WHERE a.v < 3 AND c.v > 1 RETURN count(*);
MATCH (a)-[]->(b)-[:G]->(c) WHERE a.v < 3 AND c.v > 1 RETURN count(*), 0 AS z;
MATCH (a)-[:F]->(b {v: 2}) RETURN count(*);
MATCH (a)-[:F]->(b {v: 2}) RETURN count(*), 0 AS z;
MATCH (a:Nope)-[:F]->(b)-[:F]->(c) RETURN count(*);
