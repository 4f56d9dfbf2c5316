# --format json: results of several statements, with strings, lists, maps, nulls,
# nodes, relationships and paths.
$KGQ --empty --format json run small.cypher formats.cypher
