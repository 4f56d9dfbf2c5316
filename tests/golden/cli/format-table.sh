# --format table: results of several statements, with strings, lists, maps, nulls,
# nodes, relationships and paths.
$KGQ --empty --format table run small.cypher formats.cypher
