// fixture: none
// Comparisons decided over a batch of nodes (a Filter marked `batch`) against the same
// comparison a row at a time (a `WITH` in between keeps the rows path): floats with NaN,
// signed zeros and infinities, dates, mixed INTEGER/FLOAT, and values of other types.
UNWIND range(0, 2999) AS i CREATE (:V {i: i, f: CASE i % 6 WHEN 0 THEN 0.0 / 0.0 WHEN 1 THEN -0.0 WHEN 2 THEN 1.0 / 0.0 WHEN 3 THEN toFloat(i) / 7 ELSE toFloat(i % 11) END, d: date('1989-12-25') + duration({days: i % 40}), m: CASE i % 4 WHEN 0 THEN i WHEN 1 THEN toFloat(i) WHEN 2 THEN toString(i) ELSE null END});
EXPLAIN MATCH (v:V) WHERE v.f < 5.0 RETURN count(*);
MATCH (v:V) WHERE v.f < 5.0 RETURN count(*) AS batch;
MATCH (v:V) WITH v WHERE v.f < 5.0 RETURN count(*) AS rows;
MATCH (v:V) WHERE v.f >= 0.0 RETURN count(*) AS batch;
MATCH (v:V) WITH v WHERE v.f >= 0.0 RETURN count(*) AS rows;
MATCH (v:V) WHERE v.f = v.f RETURN count(*) AS batch;
MATCH (v:V) WITH v WHERE v.f = v.f RETURN count(*) AS rows;
MATCH (v:V) WHERE v.f <> v.f RETURN count(*) AS batch;
MATCH (v:V) WITH v WHERE v.f <> v.f RETURN count(*) AS rows;
MATCH (v:V) WHERE v.f = 0.0 RETURN count(*) AS batch;
MATCH (v:V) WITH v WHERE v.f = 0.0 RETURN count(*) AS rows;
MATCH (v:V) WHERE v.f > 1.0e308 RETURN count(*) AS batch;
MATCH (v:V) WITH v WHERE v.f > 1.0e308 RETURN count(*) AS rows;
MATCH (v:V) WHERE v.d >= date('1990-01-01') AND v.d < date('1990-01-10') RETURN count(*) AS batch;
MATCH (v:V) WITH v WHERE v.d >= date('1990-01-01') AND v.d < date('1990-01-10') RETURN count(*) AS rows;
MATCH (v:V) WHERE v.d <> date('1990-01-01') RETURN count(*) AS batch;
MATCH (v:V) WITH v WHERE v.d <> date('1990-01-01') RETURN count(*) AS rows;
MATCH (v:V) WHERE v.m < 1500 RETURN count(*) AS batch;
MATCH (v:V) WITH v WHERE v.m < 1500 RETURN count(*) AS rows;
MATCH (v:V) WHERE v.m >= 1499.5 RETURN count(*) AS batch;
MATCH (v:V) WITH v WHERE v.m >= 1499.5 RETURN count(*) AS rows;
MATCH (v:V) WHERE v.d < v.m RETURN count(*) AS batch;
MATCH (v:V) WITH v WHERE v.d < v.m RETURN count(*) AS rows;
