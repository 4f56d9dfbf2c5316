# Not losing a session's work: --db FILE creates FILE when it does not exist and
# journals every write; `-o FILE` saves the graph when the statements are done;
# without either, kgq says how many writes were not kept.
cd "$TMPDIR"
$KGQ --db new.kgq --format csv -c "CREATE (:Note {text: 'kept'})" -c "MATCH (n:Note) RETURN n.text"
echo "exit=$?"
$KGQ --db new.kgq --format csv -c "MATCH (n:Note) RETURN n.text"
echo "exit=$?"
$KGQ --empty --format csv -c "CREATE (:A)" -c "CREATE (:B)" -c "MATCH (n) RETURN count(n) AS n"
echo "exit=$?"
$KGQ --empty --format csv -o out.kgq -c "CREATE (:A)-[:R]->(:B)"
echo "exit=$?"
$KGQ --db out.kgq --format csv -c "MATCH (a)-[r]->(b) RETURN labels(a), type(r), labels(b)"
echo "exit=$?"
printf 'CREATE (:X);\nMATCH (x:X) RETURN count(x) AS x;\n' | $KGQ --empty --format csv run -
echo "exit=$?"
$KGQ --db missing-dir/new.kgq -c "RETURN 1"
echo "exit=$?"
