# --import-threads sets the CSV import's threads apart from the statements' (--threads);
# the graph and the rows are the same whatever the counts.
$KGQ --nodes=Person=people.csv --relationships=knows.csv --import-threads 1 --threads 2 --format csv \
  -c 'MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name ORDER BY a.name'
echo "exit=$?"
$KGQ --nodes=Person=people.csv --relationships=knows.csv --import-threads 2 --threads 1 --format csv \
  -c 'MATCH (a)-[r]->(b) RETURN a.name, type(r), b.name ORDER BY a.name'
echo "exit=$?"
$KGQ --empty --import-threads 0 -c 'RETURN 1'
echo "exit=$?"
