CREATE INDEX for FOR (n:`index`) ON (m.index)
