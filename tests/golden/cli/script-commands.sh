# :param (both forms), :params, :format (vertical; CSV headers not repeated while the
# columns stay the same), :output to a file and back, :source, EXPLAIN as JSON in the
# JSON document; then a bad command line stops the script with FILE:LINE (exit 2).
$KGQ run script-commands.cypher
echo "--- script-commands.tmp"
cat script-commands.tmp
rm -f script-commands.tmp
printf 'RETURN 1 AS one;\n:param x =>\nRETURN 2 AS two;\n' | $KGQ run -
echo "exit=$?"
printf ':nope\n' | $KGQ --empty
echo "exit=$?"
