# By default the first failing statement stops the script (exit 1).
$KGQ --empty --format csv run errors.cypher
