# One float format everywhere: each float reads the same in every output format, in
# toString(), in EXPLAIN and in DOT labels (1e20, never 1e+20). JSON writes NaN and the
# infinities as strings so the document stays valid JSON.
for f in table csv tsv json jsonl markdown; do
  echo "--- $f"
  $KGQ --empty --format "$f" run floats.cypher
done
echo "--- explain"
$KGQ --empty -c 'EXPLAIN RETURN 1e20 AS a, 1e-7 AS b, 123456789012345678.0 AS c'
echo "--- dot"
$KGQ --empty dot 'CREATE (n:Person {name: 1e20})-[r:knows {sources: [1e-7, 1.0]}]->(m:Person {name: 123456789012345678.0}) RETURN n, r, m'
