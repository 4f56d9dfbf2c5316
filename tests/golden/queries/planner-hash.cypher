// fixture: skewed
// HashSeek: a node found by an equality on a key with no index, whose value reads what
// an earlier clause or part bound, from a table of the label's values built once, when
// many rows seek it (a hash join); the rows are those of a scan and a Filter, in the
// same order.
EXPLAIN MATCH (p:Person) WHERE p.id < 20 MATCH (c:City) WHERE c.id = p.age RETURN count(*);
MATCH (p:Person) WHERE p.id < 20 MATCH (c:City) WHERE c.id = p.age RETURN count(*) AS n;
// the same join written so that no seek applies: the same count
EXPLAIN MATCH (p:Person) WHERE p.id < 20 MATCH (c:City) WHERE c.id - p.age = 0 RETURN count(*);
MATCH (p:Person) WHERE p.id < 20 MATCH (c:City) WHERE c.id - p.age = 0 RETURN count(*) AS n;
// either way round, and in one MATCH of two parts
EXPLAIN MATCH (p:Person), (q:Person) WHERE p.id < 6 AND p.age + 50 = q.age RETURN p.id, q.id;
MATCH (p:Person), (q:Person) WHERE p.id < 6 AND p.age + 50 = q.age RETURN p.id, q.id;
MATCH (p:Person), (q:Person) WHERE p.id < 6 AND (p.age + 50) - q.age = 0 RETURN p.id, q.id;
// `=` decides: an integer equals the float of its value, null equals nothing, a float
// with a fraction or another type never an integer
MATCH (p:Person) WHERE p.id < 20 MATCH (c:City) WHERE c.id = p.age * 1.0 RETURN count(*) AS n;
MATCH (p:Person) WHERE p.id < 20 MATCH (c:City) WHERE c.id = p.age + 0.5 RETURN count(*) AS n;
MATCH (p:Person) WHERE p.id < 20 MATCH (c:City) WHERE c.id = p.nothing RETURN count(*) AS n;
MATCH (p:Person) WHERE p.id < 20 MATCH (c:City) WHERE c.id = toString(p.age) RETURN count(*) AS n;
// strings, and other labels and inline properties checked on what the table finds
EXPLAIN MATCH (c:City) WHERE c.id < 10 MATCH (d:City) WHERE d.name = 'City ' + (c.id * 2) RETURN c.id, d.id;
MATCH (c:City) WHERE c.id < 10 MATCH (d:City) WHERE d.name = 'City ' + (c.id * 2) RETURN c.id, d.id;
MATCH (p:Person) WHERE p.id < 40 MATCH (q:Person:Member {age: 50}) WHERE q.id = p.id + 30 RETURN p.id, q.id;
// a statement that writes scans instead (its writes may change the values)
EXPLAIN MATCH (p:Person) WHERE p.id < 20 MATCH (c:City) WHERE c.id = p.age SET c.seen = true;
// a constant value is a Filter over the scan; one row seeking is a scan too
EXPLAIN MATCH (p:Person {id: 3}) MATCH (c:City) WHERE c.id = p.age RETURN c.name;
MATCH (p:Person {id: 3}) MATCH (c:City) WHERE c.id = p.age RETURN c.name;
// few rows seeking (at most a 64th of the label's nodes): the join is built on them and
// one pass over the label's column probes it; the same rows, ordered by the node found
EXPLAIN MATCH (p:Person) WHERE p.id < 4 MATCH (q:Person) WHERE q.age = p.age + 50 RETURN p.id, q.id;
MATCH (p:Person) WHERE p.id < 4 MATCH (q:Person) WHERE q.age = p.age + 50 RETURN p.id, q.id;
MATCH (p:Person) WHERE p.id < 4 MATCH (q:Person) WHERE q.age - (p.age + 50) = 0 RETURN p.id, q.id ORDER BY q.id, p.id;
MATCH (p:Person) WHERE p.id IN [3, 103, 7, 250] MATCH (q:Person) WHERE q.age = p.age * 1.0 AND q.id <> p.id RETURN p.id, q.id ORDER BY p.id, q.id;
MATCH (p:Person) WHERE p.id IN [3, 103, 7, 250] MATCH (q:Person) WHERE q.age - p.age * 1.0 = 0 AND q.id <> p.id RETURN p.id, q.id ORDER BY p.id, q.id;
MATCH (p:Person) WHERE p.id IN [3, 103, 7, 250] MATCH (q:Person) WHERE q.age = p.age + 0.5 RETURN count(*) AS n;
MATCH (p:Person) WHERE p.id IN [3, 103, 7, 250] MATCH (q:Person:Member) WHERE q.born = p.born + duration({days: 7}) RETURN p.id, q.id;
MATCH (p:Person) WHERE p.id IN [3, 103, 7, 250] MATCH (q:Person:Member) WHERE q.born - duration({days: 7}) = p.born RETURN p.id, q.id;
MATCH (p:Person) WHERE p.id IN [3, 103, 7, 250] MATCH (q:Person) WHERE q.age = p.nothing RETURN count(*) AS n;
