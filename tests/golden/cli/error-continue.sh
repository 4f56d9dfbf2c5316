# --continue runs the rest; the exit status is that of the first failure.
$KGQ --empty --format csv --continue run errors.cypher
