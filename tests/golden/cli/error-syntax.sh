# A syntax error reports FILE:LINE:COL in the file's own coordinates, the line and a
# caret, and exits 3; statements after it do not run.
$KGQ --empty --format csv run syntax-error.cypher
