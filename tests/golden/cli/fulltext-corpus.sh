# The bundled corpus's full-text indexes: `names` (every entity's name and aliases)
# finds what exact names miss, best first; `evidence` finds the claims whose report
# text mentions a word, each claim once (not again as its inferred inverse reading).
q() {
  $KGQ --corpus ../../../corpus --format tsv -c "CALL db.index.fulltext.queryNodes('names', '$1', {limit: 3}) YIELD node, score RETURN node.name, labels(node), round(score, 3) AS score"
}
q bass
q her
q dre
q 'chili pepers~'
q 'closing ceremony'
q 'birds of a feather'
q 'angèle'
q '"Tom Cruise" stunt'
$KGQ --corpus ../../../corpus --format tsv -c "CALL db.index.fulltext.queryRelationships('evidence', 'motorcycle') YIELD relationship AS r, score RETURN startNode(r).name, type(r), endNode(r).name, r.sources, round(score, 3) AS score"
$KGQ --corpus ../../../corpus --format tsv -c "SHOW INDEXES" | grep -i fulltext | cut -f2,5,6,8
