# --format tsv: results of several statements, with strings, lists, maps, nulls,
# nodes, relationships and paths.
$KGQ --empty --format tsv run small.cypher formats.cypher
