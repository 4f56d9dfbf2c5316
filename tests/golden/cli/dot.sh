# kgq dot writes the returned subgraph as DOT; -o writes a file; --render svg draws it.
$KGQ --nodes=Person=people.csv --relationships=knows.csv dot 'MATCH p = (a)-[r]->(b) RETURN p'
echo "exit=$?"
$KGQ --nodes=Person=people.csv --relationships=knows.csv dot 'MATCH (a {name: "Karen Bass"}) RETURN a' -o "$TMPDIR/one.dot"
echo "exit=$?"
cat "$TMPDIR/one.dot"
$KGQ --nodes=Person=people.csv --relationships=knows.csv dot 'MATCH p = (a)-[r]->(b) RETURN p' --render svg -o "$TMPDIR/p.svg"
echo "exit=$?"
grep -c '<svg' "$TMPDIR/p.svg"
$KGQ --nodes=Person=people.csv --relationships=knows.csv dot 'RETURN 1 +'
echo "exit=$?"
