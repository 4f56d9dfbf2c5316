// Names the corpus has never seen: a warning each, the statements still run.
MATCH (p:Persn) RETURN count(p) AS n;
MATCH (p:Person)-[:receives_flag_frm]->(q)
RETURN q.nmae AS name;
// Names the statement writes are no warning.
CREATE (n:Scratch {k: 1}) RETURN n.k AS k;
