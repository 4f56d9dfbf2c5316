# --stats reports what write statements changed, on stderr.
$KGQ --empty --stats run small.cypher
