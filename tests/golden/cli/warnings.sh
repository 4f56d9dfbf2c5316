# Warnings for labels, relationship types and property keys the graph has never seen:
# on stderr with FILE:LINE:COL and a caret, from a file and from -c; the exit status is 0.
$KGQ run warnings.cypher
$KGQ -c 'MATCH (n) WHERE n:Songg RETURN count(n) AS n'
