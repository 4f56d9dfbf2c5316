# With no command and stdin not a terminal, kgq runs the statements on stdin.
printf 'RETURN 1 AS one;\nRETURN 2 AS two;\n' | $KGQ --empty --format csv
