# CSV import options work with every command; `import -o` and `save` write a snapshot
# that --db loads back.
here=$PWD
$KGQ --nodes=Person=people.csv --relationships=knows.csv --format csv \
  -c 'MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name, r.sources ORDER BY a.name'
echo "exit=$?"
cd "$TMPDIR"
$KGQ --nodes=Person="$here/people.csv" --relationships="$here/knows.csv" import -o g.snap
echo "exit=$?"
$KGQ --db g.snap --format csv -c 'MATCH (n:Person) RETURN n.name, n.born ORDER BY n.born'
echo "exit=$?"
cd "$here"
$KGQ --nodes=Person=missing.csv -c 'RETURN 1'
echo "exit=$?"
# Tab-separated files with integer ids.
$KGQ --delimiter TAB --id-type integer --nodes=Person=people.tsv --relationships=knows.tsv --format csv \
  -c 'MATCH (a)-[r]->(b) RETURN a.id, a.name, type(r), b.name'
echo "exit=$?"
