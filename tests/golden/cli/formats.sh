# kgq export and loading back: the corpus through JSON Lines, N-Quads, Turtle and
# GraphML comes back with the same counts and writes the same bytes again, and so does
# its dump run into an empty snapshot; a bad file is FILE:LINE and exit status 4;
# export refuses to run without a target.
cd "$TMPDIR"
$KGQ export --jsonl c.jsonl --rdf c.nq --graphml c.graphml
$KGQ export --rdf c.ttl --rdf-format turtle
$KGQ --jsonl c.jsonl export --jsonl again.jsonl && cmp c.jsonl again.jsonl && echo "jsonl identical"
$KGQ --rdf c.nq export --rdf again.nq && cmp c.nq again.nq && echo "nquads identical"
$KGQ --rdf c.ttl export --rdf again.ttl && cmp c.ttl again.ttl && echo "turtle identical"
$KGQ --graphml c.graphml export --graphml again.graphml && cmp c.graphml again.graphml && echo "graphml identical"
$KGQ dump -o d1.cypher
$KGQ --empty save s.kgq
$KGQ --db s.kgq run d1.cypher && $KGQ --db s.kgq dump -o d2.cypher && cmp d1.cypher d2.cypher && echo "dump identical"
$KGQ export --csv csv
q1="MATCH (n) RETURN labels(n), properties(n)"
q2="MATCH (a)-[r]->(b) RETURN labels(a), properties(a), type(r), properties(r), labels(b), properties(b)"
$KGQ -c "$q1" -c "$q2" | sort > corpus.tsv
$KGQ $(tail -1 csv/import.txt) -c "$q1" -c "$q2" | sort > csv.tsv && cmp corpus.tsv csv.tsv && echo "csv gives the same graph: $(wc -l < csv.tsv) lines, $(ls csv | wc -l) files"
$KGQ --rdf c.nq -c "MATCH ({name: 'Paris'})-[r:hosts]->(e) RETURN e.name, r.sources"
$KGQ --jsonl c.jsonl --graphml c.graphml -c "MATCH (n) RETURN count(n) AS nodes"
printf '{"type":"node","id":"a"}\n{"type":"relationship","label":"T","start":{"id":"a"},"end":{"id":"b"}}\n' > bad.jsonl
$KGQ --jsonl bad.jsonl -c "RETURN 1"
echo "exit $?"
printf '<http://x/a> <http://x/b> "open .\n' > bad.nq
$KGQ --rdf bad.nq -c "RETURN 1"
echo "exit $?"
$KGQ export
echo "exit $?"
