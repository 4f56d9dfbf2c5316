// fixture: none
// Conditions of a WITH … WHERE on the counts alone are decided inside the DegreeCount
// (`having` in the plan), each query followed by the same one over enumerated rows (a
// `WITH` between stops the rewrite). The two must agree: comparisons with integers,
// floats, NaN, null and a string, on either side, conditions the counts decide with the
// row evaluator, a condition on the node that stays a Filter, groups merged by their keys
// before the conditions, and a WHERE after a LIMIT that filters what the LIMIT kept.
UNWIND range(1, 2500) AS i CREATE (:S {i: i, k: i % 7});
MATCH (a:S) WHERE a.i > 1 MATCH (b:S {i: a.i / 2}) CREATE (a)-[:D]->(b);
MATCH (a:S) MATCH (b:S {i: a.i % 13 + 1}) CREATE (a)-[:D]->(b);
EXPLAIN MATCH (a:S)<-[:D]-(b) WITH a, count(b) AS n WHERE n > 2 RETURN count(a) AS groups, min(n) AS lo, max(n) AS hi;
MATCH (a:S)<-[:D]-(b) WITH a, count(b) AS n WHERE n > 2 RETURN count(a) AS groups, min(n) AS lo, max(n) AS hi;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a, count(b) AS n WHERE n > 2 RETURN count(a) AS groups, min(n) AS lo, max(n) AS hi;
MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n WHERE 2 <= n AND n < 195 RETURN count(a) AS groups, sum(n) AS s;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a, count(*) AS n WHERE 2 <= n AND n < 195 RETURN count(a) AS groups, sum(n) AS s;
MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n WHERE n = 3.0 OR n = 2 RETURN count(a) AS groups, sum(n) AS s;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a, count(*) AS n WHERE n = 3.0 OR n = 2 RETURN count(a) AS groups, sum(n) AS s;
MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n WHERE n >= 2.5 AND n <> 193 AND 1000 > n RETURN count(a) AS groups, sum(n) AS s;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a, count(*) AS n WHERE n >= 2.5 AND n <> 193 AND 1000 > n RETURN count(a) AS groups, sum(n) AS s;
MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n WHERE n <> 0.0 / 0.0 RETURN count(a) AS groups;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a, count(*) AS n WHERE n <> 0.0 / 0.0 RETURN count(a) AS groups;
MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n WHERE n < 0.0 / 0.0 OR n = 0.0 / 0.0 RETURN count(a) AS groups;
MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n WHERE n > null RETURN count(a) AS groups;
MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n WHERE n > 'x' RETURN count(a) AS groups;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a, count(*) AS n WHERE n > 'x' RETURN count(a) AS groups;
// the row evaluator decides what is not a comparison with a value
EXPLAIN MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n, count(b.k) AS m WHERE n % 2 = 0 AND m > n - 1 RETURN count(a) AS groups, sum(n) AS s;
MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n, count(b.k) AS m WHERE n % 2 = 0 AND m > n - 1 RETURN count(a) AS groups, sum(n) AS s;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a, count(*) AS n, count(b.k) AS m WHERE n % 2 = 0 AND m > n - 1 RETURN count(a) AS groups, sum(n) AS s;
// a condition on the node stays a Filter above
EXPLAIN MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n WHERE n > 2 AND a.k = 3 RETURN count(a) AS groups, sum(n) AS s;
MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n WHERE n > 2 AND a.k = 3 RETURN count(a) AS groups, sum(n) AS s;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a, count(*) AS n WHERE n > 2 AND a.k = 3 RETURN count(a) AS groups, sum(n) AS s;
// groups merged by their keys: the conditions hold for the merged counts
EXPLAIN MATCH (a:S)<-[:D]-(b) WITH a.k AS k, count(*) AS n WHERE n > 500 RETURN k, n ORDER BY k;
MATCH (a:S)<-[:D]-(b) WITH a.k AS k, count(*) AS n WHERE n > 500 RETURN k, n ORDER BY k;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a.k AS k, count(*) AS n WHERE n > 500 RETURN k, n ORDER BY k;
MATCH (a:S)<-[:D]-(b) WITH a.k AS k, count(*) AS n WHERE n % 2 = 1 RETURN k, n ORDER BY k;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a.k AS k, count(*) AS n WHERE n % 2 = 1 RETURN k, n ORDER BY k;
// after ORDER BY and LIMIT the WHERE filters the rows kept: it stays whole
EXPLAIN MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n ORDER BY n DESC LIMIT 6 WHERE n < 195 RETURN a.i AS i, n;
MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n ORDER BY n DESC LIMIT 6 WHERE n < 195 RETURN a.i AS i, n;
MATCH (a:S)<-[:D]-(b) WITH a, b WITH a, count(*) AS n ORDER BY n DESC LIMIT 6 WHERE n < 195 RETURN a.i AS i, n;
// an error in a condition is reported
MATCH (a:S)<-[:D]-(b) WITH a, count(*) AS n WHERE n / 0 > 1 RETURN count(a);
