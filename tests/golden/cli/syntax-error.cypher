RETURN 1 AS ok;

// the next statement is broken on its third line
MATCH (n)
WHERE n.name = 'x'
RETURN n.name +;
RETURN 2 AS never_reached;
