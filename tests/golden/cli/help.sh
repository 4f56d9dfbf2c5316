# kgq help COMMAND explains a command.
$KGQ help run
echo "exit=$?"
$KGQ help nothing
echo "exit=$?"
