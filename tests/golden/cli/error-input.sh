# Unreadable input exits 4.
$KGQ --empty run no-such-file.cypher
echo "exit=$?"
$KGQ --corpus no-such-corpus -c 'RETURN 1'
echo "exit=$?"
