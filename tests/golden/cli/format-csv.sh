# --format csv: results of several statements, with strings, lists, maps, nulls,
# nodes, relationships and paths.
$KGQ --empty --format csv run small.cypher formats.cypher
