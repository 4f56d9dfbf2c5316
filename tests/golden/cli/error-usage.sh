# Usage errors exit 2.
$KGQ --format nope -c 'RETURN 1'
echo "exit=$?"
$KGQ --empty bogus
echo "exit=$?"
$KGQ --empty run
echo "exit=$?"
$KGQ --no-such-option
echo "exit=$?"
$KGQ --empty -c 'RETURN 1' run x.cypher
echo "exit=$?"
