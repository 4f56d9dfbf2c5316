# --format jsonl: results of several statements, with strings, lists, maps, nulls,
# nodes, relationships and paths.
$KGQ --empty --format jsonl run small.cypher formats.cypher
