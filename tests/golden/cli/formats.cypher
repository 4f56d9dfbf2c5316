MATCH (p:Person)-[r:receives_flag_from]->(q)
RETURN p.name AS who, q.name AS from, r.sources AS sources
ORDER BY from;

UNWIND [1, -2.5, 'tab\there', 'say "hi", then go', null, true, [1, 'a'], {k: 'v'}] AS x
RETURN x;

MATCH p = (a:Person {name: 'Anne Hidalgo'})-[r:hands_to]->(b)
RETURN p, a, r;

MATCH (n:Nothing) RETURN n;
