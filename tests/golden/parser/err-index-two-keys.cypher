CREATE INDEX FOR (n:A) ON (n.a, n.b)
