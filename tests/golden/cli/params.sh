# --param NAME=VALUE takes Cypher literal syntax.
$KGQ --empty --format json --param who="'Tom Cruise'" --param n=3 --param '$xs=[1, {a: 2.5}]' \
  -c 'RETURN $who AS who, $n + 1 AS n, $xs AS xs'
echo "exit=$?"
# A missing parameter is a query error (exit 1).
$KGQ --empty -c 'RETURN $nope'
echo "exit=$?"
# A malformed value is a usage error (exit 2).
$KGQ --empty --param 'x=[1,' -c 'RETURN $x'
echo "exit=$?"
# A value that is not a Cypher literal is refused with how to quote a string.
$KGQ --empty --param 'who=Tom Cruise' -c 'RETURN $who'
echo "exit=$?"
