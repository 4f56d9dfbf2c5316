// fixture: loops
// Counts grouped by one end of a hop, computed from degrees (DegreeCount), each followed
// by the same aggregation over enumerated rows (the `WITH` between stops the rewrite).
// The two must agree. Self loops, parallel relationships, a far end whose label the
// type does not imply, keys missing on some nodes and keys shared by several nodes.
CREATE (:P {v: 2}), (:P), (x:P {v: 5, w: 1})-[:F]->(:Q), (x)-[:F]->(:Q {w: 2});
EXPLAIN MATCH (a:P)-[:F]->(b:P) RETURN a, count(b);
EXPLAIN MATCH (a:P)-[:F]->(b) WHERE a.v > 1 AND b.v < 4 RETURN a.v, count(*) ORDER BY count(*) DESC LIMIT 2;
EXPLAIN MATCH (a:P)-[:F]->(b) RETURN a.v AS v, a.w AS w, count(*) AS n ORDER BY n DESC, v LIMIT 3;
MATCH (a:P)-[:F]->(b:P) RETURN a.v, count(b) ORDER BY a.v;
MATCH (a:P)-[:F]->(b:P) WITH a, b RETURN a.v, count(b) ORDER BY a.v;
MATCH (a)<-[:F]-(b) RETURN a.v AS v, count(*) AS n, count(b.w) AS w, count(b.v) + 1 AS vs ORDER BY v;
MATCH (a)<-[:F]-(b) WITH a, b RETURN a.v AS v, count(*) AS n, count(b.w) AS w, count(b.v) + 1 AS vs ORDER BY v;
MATCH (a:P)-[r:F|G]-(b) RETURN a.v AS v, count(r) AS n ORDER BY v;
MATCH (a:P)-[r:F|G]-(b) WITH a, r, b RETURN a.v AS v, count(r) AS n ORDER BY v;
MATCH (a:P)-[:F]->(b) WHERE a.v > 1 AND b.v < 4 RETURN a.v, count(*) ORDER BY count(*) DESC, a.v LIMIT 2;
MATCH (a:P)-[:F]->(b) WHERE a.v > 1 AND b.v < 4 WITH a, b RETURN a.v, count(*) ORDER BY count(*) DESC, a.v LIMIT 2;
MATCH (a:P)-[:F]->(b:Q) RETURN a.w AS w, count(b.w) AS n;
MATCH (a:P)-[:F]->(b:Q) WITH a, b RETURN a.w AS w, count(b.w) AS n;
MATCH (a:P)-[:F]->(b) RETURN a.v AS v, a.w AS w, count(*) AS n ORDER BY n DESC, v LIMIT 3;
MATCH (a:P)-[:F]->(b) WITH a, b RETURN a.v AS v, a.w AS w, count(*) AS n ORDER BY n DESC, v LIMIT 3;
MATCH (a)-[:F]->(b) RETURN a.w AS w, count(*) AS n, count(b) AS m ORDER BY w;
MATCH (a)-[:F]->(b) WITH a, b RETURN a.w AS w, count(*) AS n, count(b) AS m ORDER BY w;
MATCH (a {v: 2})-[:F]->(b) WITH a, count(b) AS n WHERE n > 1 RETURN a.v, n;
MATCH (a {v: 2})-[:F]->(b) WITH a, b WITH a, count(b) AS n WHERE n > 1 RETURN a.v, n;
// only the first groups by their counts come out of the DegreeCount (ties as the TopK has them)
MATCH (a)-[:F]->(b) RETURN a.v AS v, count(*) AS n ORDER BY n DESC SKIP 1 LIMIT 3;
MATCH (a)-[:F]->(b) WITH a, b RETURN a.v AS v, count(*) AS n ORDER BY n DESC SKIP 1 LIMIT 3;
MATCH (a)<-[:F]-(b) RETURN a.v AS v, count(*) AS n, count(b.v) AS m ORDER BY m, n DESC LIMIT 4;
MATCH (a)<-[:F]-(b) WITH a, b RETURN a.v AS v, count(*) AS n, count(b.v) AS m ORDER BY m, n DESC LIMIT 4;
MATCH (a)-[:F]->(b) RETURN a, count(*) AS n ORDER BY n LIMIT 0;
MATCH (a:Nope)-[:F]->(b) RETURN a, count(*);
MATCH (a)-[:Nope]->(b) RETURN a, count(*);
// not from degrees: DISTINCT counts, other aggregates, keys of both ends
EXPLAIN MATCH (a:P)-[:F]->(b) RETURN a, count(DISTINCT b), sum(b.v);
EXPLAIN MATCH (a:P)-[:F]->(b) RETURN a.v, b.v, count(*);
// late materialisation under a TopK: the properties the sort does not read come after it
EXPLAIN MATCH (p:P) RETURN p.v AS v, p.w AS w ORDER BY v DESC LIMIT 2;
MATCH (p:P) RETURN p.v AS v, p.w AS w ORDER BY v DESC LIMIT 2;
MATCH (p:P) WITH p ORDER BY p.v LIMIT 2 RETURN p.w;
// an Aggregation whose keys read one node finds that node's group by its id after the
// first row (rows of one node need not be adjacent; nodes with equal keys share a group)
MATCH (a)-[:F]->(b)-[:F]->(c) RETURN c.w AS w, count(*) AS n, sum(a.v) AS s, min(c.v) AS m ORDER BY w;
MATCH (a)-[:F]->(b)-[:F]->(c) WITH a, b, c RETURN c.w AS w, count(*) AS n, sum(a.v) AS s, min(c.v) AS m ORDER BY w;
MATCH (a)-[:F|G]->(b)<-[:F|G]-(c) RETURN b, b.v AS v, sum(c.v) AS s ORDER BY v;
