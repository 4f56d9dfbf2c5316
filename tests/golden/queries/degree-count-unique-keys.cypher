// fixture: none
// Grouping a count of neighbours by properties of the grouped node counts from degrees
// when the keys tell the nodes apart: an INTEGER key with no two nodes alike settles it
// at once; repeated integers, floats, strings or a missing key need the full check (and
// groups of alike nodes are merged). Each count is beside the same count over rows.
UNWIND range(1, 1500) AS i CREATE (:K {u: i, dup: i % 700, f: toFloat(i), s: toString(i % 3), m: CASE WHEN i % 2 = 0 THEN i END});
MATCH (a:K), (b:K) WHERE b.u = a.u % 37 + 1 CREATE (a)-[:R]->(b);
EXPLAIN MATCH (a:K)-[:R]->(b:K) RETURN b.u, count(a) AS n ORDER BY n DESC, b.u LIMIT 3;
MATCH (a:K)-[:R]->(b:K) RETURN b.u, count(a) AS n ORDER BY n DESC, b.u LIMIT 3;
MATCH (a:K)-[:R]->(b:K) WITH b, a RETURN b.u, count(a) AS n ORDER BY n DESC, b.u LIMIT 3;
MATCH (a:K)-[:R]->(b:K) RETURN b.s, b.u, count(a) AS n ORDER BY n DESC, b.u LIMIT 3;
MATCH (a:K)-[:R]->(b:K) WITH b, a RETURN b.s, b.u, count(a) AS n ORDER BY n DESC, b.u LIMIT 3;
MATCH (a:K)<-[:R]-(b:K) RETURN b.dup, count(a) AS n ORDER BY n DESC, b.dup LIMIT 3;
MATCH (a:K)<-[:R]-(b:K) WITH b, a RETURN b.dup, count(a) AS n ORDER BY n DESC, b.dup LIMIT 3;
MATCH (a:K)<-[:R]-(b:K) RETURN b.s, count(a) AS n ORDER BY n DESC, b.s LIMIT 3;
MATCH (a:K)<-[:R]-(b:K) WITH b, a RETURN b.s, count(a) AS n ORDER BY n DESC, b.s LIMIT 3;
MATCH (a:K)<-[:R]-(b:K) RETURN b.m, count(a) AS n ORDER BY n DESC, b.m LIMIT 3;
MATCH (a:K)<-[:R]-(b:K) WITH b, a RETURN b.m, count(a) AS n ORDER BY n DESC, b.m LIMIT 3;
MATCH (a:K)-[:R]->(b:K) RETURN b.f, count(a) AS n ORDER BY n DESC, b.f LIMIT 3;
MATCH (a:K)-[:R]->(b:K) WITH b, a RETURN b.f, count(a) AS n ORDER BY n DESC, b.f LIMIT 3;
