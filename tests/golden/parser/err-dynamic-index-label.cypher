CREATE INDEX FOR (n:$('A')) ON (n.x)
