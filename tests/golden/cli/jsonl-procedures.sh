# kgq.export.jsonl / kgq.import.jsonl: the corpus written and read back from Cypher, in
# the import directory only; a bad file loads nothing; with --db the import is
# journalled like any write.
cd "$TMPDIR"
mkdir -p data elsewhere
$KGQ --import-dir data --format csv -c "CALL kgq.export.jsonl('file:///corpus.jsonl')"
echo "exit=$?"
$KGQ --import-dir data --format csv --stats -c "CALL kgq.import.jsonl('corpus.jsonl') YIELD nodes, relationships RETURN nodes, relationships" \
  -c "MATCH (n) RETURN count(n) AS nodes" -c "MATCH ()-[r]->() RETURN count(r) AS relationships"
echo "exit=$?"
# The same graph: the export of the import is the same file.
$KGQ --empty --import-dir data --format csv -c "CALL kgq.import.jsonl('corpus.jsonl')" -c "CALL kgq.export.jsonl('again.jsonl')" >/dev/null
cmp data/corpus.jsonl data/again.jsonl && echo "round trip: same bytes"
printf '{"type":"node","id":"1","labels":["A"],"properties":{}}\n{"type":"node",\n' > data/bad.jsonl
ln -s ../elsewhere data/out
$KGQ --empty --import-dir data --continue -c "CALL kgq.import.jsonl('bad.jsonl')" -c "MATCH (n) RETURN count(n) AS nodes" \
  -c "CALL kgq.import.jsonl('../corpus.jsonl')" -c "CALL kgq.export.jsonl('out/x.jsonl')" -c "CALL kgq.import.jsonl('http://example.com/x.jsonl')" \
  -c "CALL kgq.import.jsonl(1)" -c "MATCH (n) CALL kgq.import.jsonl('corpus.jsonl') YIELD nodes RETURN nodes"
echo "exit=$?"
ls elsewhere
# Journalled with --db: the import survives a restart.
$KGQ --empty save g.kgq
$KGQ --db g.kgq --import-dir data -c "CALL kgq.import.jsonl('corpus.jsonl')" >/dev/null
$KGQ --db g.kgq --format csv -c "MATCH (n) RETURN count(n) AS nodes"
echo "exit=$?"
