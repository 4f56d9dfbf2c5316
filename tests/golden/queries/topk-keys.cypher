// fixture: none
// TopK compares a row's keys with the worst row it keeps before it copies anything: keys
// read from the row (strings, lists, numbers, nulls) are borrowed for that comparison
// and copied only when the row is kept; keys it evaluates are kept or freed. Each query
// is followed by the same sort without a LIMIT, then sliced, which must agree.
UNWIND range(1, 3000) AS i CREATE (:T {i: i, s: 'name' + (i * 7919 % 3001), l: [i % 5, i % 3], n: CASE WHEN i % 4 = 0 THEN null ELSE i % 11 END});
MATCH (t:T) RETURN t.s AS s, t.i AS i ORDER BY s DESC, i LIMIT 5;
MATCH (t:T) WITH t.s AS s, t.i AS i ORDER BY s DESC, i RETURN collect([s, i])[0..5] AS first;
MATCH (t:T) RETURN t.l AS l, t.n AS n, t.i AS i ORDER BY l DESC, n, i SKIP 3 LIMIT 4;
MATCH (t:T) WITH t.l AS l, t.n AS n, t.i AS i ORDER BY l DESC, n, i RETURN collect([l, n, i])[3..7] AS kept;
MATCH (t:T) RETURN t.i AS i ORDER BY t.s + '!' DESC, size(t.l) + t.i LIMIT 3;
MATCH (t:T) WITH t ORDER BY t.s + '!' DESC, size(t.l) + t.i RETURN collect(t.i)[0..3] AS first;
MATCH (t:T) WITH t.n AS n, t.s AS s ORDER BY n DESC, s LIMIT 4 RETURN n, s;
MATCH (t:T) WITH t.n AS n, t.s AS s ORDER BY n DESC, s RETURN collect([n, s])[0..4] AS first;
// an error in an evaluated key is reported
MATCH (t:T) RETURN t.i AS i ORDER BY t.s, t.i / (t.i - 2500) LIMIT 2;
