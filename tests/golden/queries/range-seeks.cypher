// fixture: none
// Range seeks: `n.k >= lo AND n.k < hi` (or one bound) on an indexed key reads the
// index in value order. Every query runs twice, on :P (indexed) and :Q (the same nodes'
// values, no index): the rows must be the same. Values of many kinds share the key, so
// only those comparable with the bounds may come back.
UNWIND range(0, 59) AS i
WITH i, CASE i % 6 WHEN 0 THEN i WHEN 1 THEN i + 0.5 WHEN 2 THEN 'k' + toString(100 + i) WHEN 3 THEN date('2000-01-01') + duration({days: i}) WHEN 4 THEN localdatetime('2000-01-01T00:00') + duration({hours: i}) ELSE [i] END AS v
CREATE (:P {i: i, v: v}), (:Q {i: i, v: v});
CREATE (:P {i: 60, v: 0.0 / 0.0}), (:Q {i: 60, v: 0.0 / 0.0}), (:P {i: 61}), (:Q {i: 61}), (:P {i: 62, v: true}), (:Q {i: 62, v: true});
CREATE INDEX FOR (p:P) ON (p.v);
EXPLAIN MATCH (p:P) WHERE p.v >= 10 AND p.v < 31 RETURN p.i ORDER BY p.i;
MATCH (p:P) WHERE p.v >= 10 AND p.v < 31 RETURN p.i, p.v ORDER BY p.i;
MATCH (p:Q) WHERE p.v >= 10 AND p.v < 31 RETURN p.i, p.v ORDER BY p.i;
// one bound: the run of the bound's kind (NaN is no number's match)
EXPLAIN MATCH (p:P) WHERE p.v > 48.5 RETURN p.i;
MATCH (p:P) WHERE p.v > 48.5 RETURN p.i, p.v ORDER BY p.i;
MATCH (p:Q) WHERE p.v > 48.5 RETURN p.i, p.v ORDER BY p.i;
MATCH (p:P) WHERE 7 >= p.v RETURN p.i, p.v ORDER BY p.i;
MATCH (p:Q) WHERE 7 >= p.v RETURN p.i, p.v ORDER BY p.i;
// strings, dates and datetimes, bounds from parameters and expressions
MATCH (p:P) WHERE p.v >= 'k120' AND p.v <= 'k140' RETURN p.i, p.v ORDER BY p.i;
MATCH (p:Q) WHERE p.v >= 'k120' AND p.v <= 'k140' RETURN p.i, p.v ORDER BY p.i;
EXPLAIN MATCH (p:P) WHERE p.v > date('2000-01-10') AND p.v <= date('2000-02-10') RETURN p.i;
MATCH (p:P) WHERE p.v > date('2000-01-10') AND p.v <= date('2000-02-10') RETURN p.i, p.v ORDER BY p.i;
MATCH (p:Q) WHERE p.v > date('2000-01-10') AND p.v <= date('2000-02-10') RETURN p.i, p.v ORDER BY p.i;
MATCH (p:P) WHERE p.v < localdatetime('2000-01-02T00:00') RETURN p.i, p.v ORDER BY p.i;
MATCH (p:Q) WHERE p.v < localdatetime('2000-01-02T00:00') RETURN p.i, p.v ORDER BY p.i;
UNWIND [[1, 20], [30, 33]] AS b MATCH (p:P) WHERE p.v >= b[0] AND p.v < b[1] RETURN b[0] AS lo, count(*) AS n ORDER BY lo;
UNWIND [[1, 20], [30, 33]] AS b MATCH (p:Q) WHERE p.v >= b[0] AND p.v < b[1] RETURN b[0] AS lo, count(*) AS n ORDER BY lo;
MATCH (p:P) WHERE p.v >= $age RETURN count(*) AS n;
MATCH (p:Q) WHERE p.v >= $age RETURN count(*) AS n;
// bounds that meet no value: null, incomparable with each other, or of a kind the
// index does not order (a list: the Filters decide over a scan)
MATCH (p:P) WHERE p.v >= null RETURN count(*) AS n;
MATCH (p:P) WHERE p.v >= 1 AND p.v < 'k' RETURN count(*) AS n;
MATCH (p:P) WHERE p.v >= [30] RETURN p.i, p.v ORDER BY p.i;
MATCH (p:Q) WHERE p.v >= [30] RETURN p.i, p.v ORDER BY p.i;
// writes between reads: the seek sees the index as it is now
MATCH (p:P) WHERE p.i = 12 SET p.v = 1000;
MATCH (p:P) WHERE p.v >= 999 RETURN p.i, p.v;
MATCH (p:P) WHERE p.v >= 18 AND p.v < 20 SET p.v = p.v + 100 RETURN p.i, p.v ORDER BY p.i;
MATCH (p:P) WHERE p.v >= 100 AND p.v < 200 RETURN p.i, p.v ORDER BY p.i;
// the histogram decides: a narrow range is sought, a wide one scanned
CREATE INDEX FOR (p:P) ON (p.i);
EXPLAIN MATCH (p:P) WHERE p.i >= 58 RETURN count(*);
MATCH (p:P) WHERE p.i >= 58 RETURN count(*);
EXPLAIN MATCH (p:P) WHERE p.i > 5 RETURN count(*);
