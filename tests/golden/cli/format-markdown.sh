# --format markdown: results of several statements, with strings, lists, maps, nulls,
# nodes, relationships and paths.
$KGQ --empty --format markdown run small.cypher formats.cypher
