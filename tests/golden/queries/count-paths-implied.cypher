// fixture: chains
// Each pair: the count computed without enumerating (CountPaths), then by enumerating
// (the second column stops the rewrite). The two must agree. The ends' labels are
// implied by the types, so the side without a condition is counted by its degree.
EXPLAIN MATCH (a:P)-[:H]->(b:P)-[:H]->(c:P) WHERE c.v > 1 RETURN count(*);
MATCH (a:P)-[:H]->(b:P)-[:H]->(c:P) WHERE c.v > 1 RETURN count(*);
MATCH (a:P)-[:H]->(b:P)-[:H]->(c:P) WHERE c.v > 1 RETURN count(*), 0 AS z;
MATCH (a:P)-[:H]->(b:P)-[:H]->(c:P) WHERE b.v < 4 AND a.v > 1 RETURN count(*);
MATCH (a:P)-[:H]->(b:P)-[:H]->(c:P) WHERE b.v < 4 AND a.v > 1 RETURN count(*), 0 AS z;
MATCH (a:P)-[:K]->(b)-[:K]->(c:P) WHERE c.v >= 2 RETURN count(*);
MATCH (a:P)-[:K]->(b)-[:K]->(c:P) WHERE c.v >= 2 RETURN count(*), 0 AS z;
MATCH (a:P)-[:K]->(b)-[:H]->(c:P) WHERE c.v <> 3 RETURN count(*);
MATCH (a:P)-[:K]->(b)-[:H]->(c:P) WHERE c.v <> 3 RETURN count(*), 0 AS z;
MATCH (a:P)-[:H|K]->(b)-[:H|K]->(c:P) WHERE c.v > 2 RETURN count(*);
MATCH (a:P)-[:H|K]->(b)-[:H|K]->(c:P) WHERE c.v > 2 RETURN count(*), 0 AS z;
MATCH (a:P)-[:M]->(b)-[:H]->(c:P) WHERE c.v > 0 RETURN count(*);
MATCH (a:P)-[:M]->(b)-[:H]->(c:P) WHERE c.v > 0 RETURN count(*), 0 AS z;
MATCH (a:P)-[:H]->(b)-[:M]->(c:Q) WHERE a.v < 4 RETURN count(*);
MATCH (a:P)-[:H]->(b)-[:M]->(c:Q) WHERE a.v < 4 RETURN count(*), 0 AS z;
MATCH (a:P)<-[:H]-(b)-[:H]->(c:P) WHERE c.v > 1 RETURN count(*);
MATCH (a:P)<-[:H]-(b)-[:H]->(c:P) WHERE c.v > 1 RETURN count(*), 0 AS z;
