// fixture: none
// Counts from degrees over more nodes than one batch (1 024), each followed by the same
// count over enumerated rows (a `WITH` or a second column stops the rewrite). The two
// must agree: the first groups by their counts kept while the nodes are met (ties in
// order of appearance), a far end decided by a condition counted from its side, the
// conditions of a batch of nodes decided at once (vector and row forms).
CREATE INDEX FOR (s:S) ON (s.i);
UNWIND range(1, 3000) AS i CREATE (:S {i: i, k: i % 7});
MATCH (a:S) WHERE a.i > 1 MATCH (b:S {i: a.i / 2}) CREATE (a)-[:D]->(b);
MATCH (a:S) MATCH (b:S {i: a.i % 13 + 1}) CREATE (a)-[:D]->(b);
MATCH (a:S) WHERE a.i % 5 = 0 MATCH (b:S {i: a.i / 5}) CREATE (a)-[:E]->(b), (b)-[:E]->(b);
// the first groups by their counts
EXPLAIN MATCH (a:S)<-[:D]-(b) RETURN a.i AS i, count(*) AS n ORDER BY n DESC LIMIT 5;
MATCH (a:S)<-[:D]-(b) RETURN a.i AS i, count(*) AS n ORDER BY n DESC LIMIT 5;
MATCH (a:S)<-[:D]-(b) WITH a, b RETURN a.i AS i, count(*) AS n ORDER BY n DESC LIMIT 5;
MATCH (a:S)<-[:D]-(b) RETURN a.i AS i, count(*) AS n ORDER BY n SKIP 1200 LIMIT 4;
MATCH (a:S)<-[:D]-(b) WITH a, b RETURN a.i AS i, count(*) AS n ORDER BY n SKIP 1200 LIMIT 4;
MATCH (a:S)-[:D|E]-(b) RETURN a, count(*) AS n ORDER BY n DESC LIMIT 3;
MATCH (a:S)-[:D|E]-(b) WITH a, b RETURN a, count(*) AS n ORDER BY n DESC LIMIT 3;
MATCH (a:S)<-[:D]-(b) WITH a.i AS i, count(*) AS n ORDER BY n DESC LIMIT 10000000000 RETURN count(*) AS groups, sum(i * n) AS s, collect(i)[0..5] AS first;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a.i AS i, count(*) AS n ORDER BY n DESC LIMIT 10000000000 RETURN count(*) AS groups, sum(i * n) AS s, collect(i)[0..5] AS first;
// sort keys after the counts: the groups tied with the last kept come out too
EXPLAIN MATCH (a:S)<-[:D]-(b) RETURN a.i AS i, count(*) AS n ORDER BY n DESC, i DESC LIMIT 5;
MATCH (a:S)<-[:D]-(b) RETURN a.i AS i, count(*) AS n ORDER BY n DESC, i DESC LIMIT 5;
MATCH (a:S)<-[:D]-(b) WITH a, b RETURN a.i AS i, count(*) AS n ORDER BY n DESC, i DESC LIMIT 5;
MATCH (a:S)<-[:D|E]-(b) RETURN a.i AS i, count(*) AS n ORDER BY n, i DESC SKIP 2 LIMIT 4;
MATCH (a:S)<-[:D|E]-(b) WITH a, b RETURN a.i AS i, count(*) AS n ORDER BY n, i DESC SKIP 2 LIMIT 4;
MATCH (a:S)-[:D]-(b) RETURN a.k AS k, count(*) AS n ORDER BY n DESC, k LIMIT 2;
MATCH (a:S)-[:D]-(b) WITH a, b RETURN a.k AS k, count(*) AS n ORDER BY n DESC, k LIMIT 2;
MATCH (a:S)-[:E]->(b) RETURN a.i % 10 AS d, count(*) AS n ORDER BY n DESC, d LIMIT 3;
MATCH (a:S)-[:E]->(b) WITH a, b RETURN a.i % 10 AS d, count(*) AS n ORDER BY n DESC, d LIMIT 3;
// a far end with conditions: counted from the nodes that pass them
EXPLAIN MATCH (a:S)<-[:D]-(b:S) WHERE b.k < 3 RETURN a.i AS i, count(b.k) AS n ORDER BY n DESC, i LIMIT 4;
MATCH (a:S)<-[:D]-(b:S) WHERE b.k < 3 RETURN a.i AS i, count(b.k) AS n ORDER BY n DESC, i LIMIT 4;
MATCH (a:S)<-[:D]-(b:S) WHERE b.k < 3 WITH a, b RETURN a.i AS i, count(b.k) AS n ORDER BY n DESC, i LIMIT 4;
MATCH (a:S)-[r:D|E]-(b) WHERE b.i % 3 = 0 RETURN a.k AS k, count(r) AS n ORDER BY k;
MATCH (a:S)-[r:D|E]-(b) WHERE b.i % 3 = 0 WITH a, r, b RETURN a.k AS k, count(r) AS n ORDER BY k;
MATCH (a:S)<-[:E]-(b) WHERE b.i > 2000 RETURN a.i AS i, count(*) AS n ORDER BY n DESC, i LIMIT 3;
MATCH (a:S)<-[:E]-(b) WHERE b.i > 2000 WITH a, b RETURN a.i AS i, count(*) AS n ORDER BY n DESC, i LIMIT 3;
// conditions on the grouped node: vector and row forms
EXPLAIN MATCH (a:S)<-[:D]-(b) WHERE a.k = 2 AND toString(a.i) STARTS WITH '1' WITH a, count(*) AS n RETURN count(*) AS groups, sum(a.i) AS s, sum(n) AS m;
MATCH (a:S)<-[:D]-(b) WHERE a.k = 2 AND toString(a.i) STARTS WITH '1' WITH a, count(*) AS n RETURN count(*) AS groups, sum(a.i) AS s, sum(n) AS m;
MATCH (a:S)<-[:D]-(b) WHERE a.k = 2 AND toString(a.i) STARTS WITH '1' WITH a, b WITH a, count(*) AS n RETURN count(*) AS groups, sum(a.i) AS s, sum(n) AS m;
// paths counted from degrees and conditions, over several batches
MATCH (a)-[:D]->(b)-[:D]->(c) RETURN count(*);
MATCH (a)-[:D]->(b)-[:D]->(c) RETURN count(*), 0 AS z;
MATCH (a:S)-[:D]->(b:S)-[:D]->(c:S) WHERE b.k <> 3 RETURN count(*);
MATCH (a:S)-[:D]->(b:S)-[:D]->(c:S) WHERE b.k <> 3 RETURN count(*), 0 AS z;
MATCH (a)-[:E]->(b)-[:E]->(c) WHERE a.k > 1 AND c.i < 50 RETURN count(*);
MATCH (a)-[:E]->(b)-[:E]->(c) WHERE a.k > 1 AND c.i < 50 RETURN count(*), 0 AS z;
MATCH (a:S)-[:D]->(b) WHERE a.k = 4 RETURN count(*);
MATCH (a:S)-[:D]->(b) WHERE a.k = 4 RETURN count(*), 0 AS z;
MATCH (a:S)-[:D]->(b) RETURN count(*);
MATCH (a:S)-[:D]->(b) RETURN count(*), 0 AS z;
