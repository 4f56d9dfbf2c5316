#!/usr/bin/env bash
# tests/robustness/hostile.sh KGQ — hostile input to the kgq program: every row of the
# table below runs kgq on one generated input and checks the exit code and that stderr
# holds the expected message (with FILE:LINE:COL where the input has a position). The
# point is that nothing crashes, hangs or fails without saying why: each case must end
# within its time limit, and a crash (signal) or a sanitizer report fails the case.
#
# Inputs (generated here into a temporary directory): queries nested 100 000 deep,
# 10 MB string literals, invalid UTF-8, NUL bytes, unterminated strings, comments and
# quoted names, huge numbers, `*` patterns on a dense graph (with limits, and cancelled
# by SIGINT), CSV with ragged rows, bad types, duplicate and dangling ids, missing and
# unreadable files, directories given as files, broken snapshots, bad option values.
set -u
kgq=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# --- Inputs ---------------------------------------------------------------------------
rep() { local s=$1 n=$2 out=; out=$(printf "%${n}s" "" | sed "s/ /$s/g"); printf '%s' "$out"; }
{ printf 'RETURN '; rep '(' 100000; printf 1; rep ')' 100000; printf ';\n'; } > deep-parens.cypher
{ printf 'RETURN '; rep '[' 100000; rep ']' 100000; printf ';\n'; } > deep-lists.cypher
{ printf 'RETURN '; rep '{a:' 100000; printf 1; rep '}' 100000; printf ';\n'; } > deep-maps.cypher
{ printf 'RETURN '; rep 'NOT ' 100000; printf 'true;\n'; } > deep-not.cypher
{ printf 'RETURN '; rep '-' 100000; printf '1;\n'; } > deep-minus.cypher
{ printf 'MATCH (a)'; rep '-->()' 2000; printf ' RETURN count(*);\n'; } > long-pattern.cypher
{ printf "RETURN size('"; head -c 10000000 /dev/zero | tr '\0' x; printf "') AS n;\n"; } > big-string.cypher
{ printf "RETURN 1;\nRETURN '"; head -c 10000000 /dev/zero | tr '\0' y; printf "\n"; } > big-unterminated.cypher
printf 'RETURN 1;\nRETURN "\xff\xfe" AS x;\n' > bad-utf8.cypher
printf 'RETURN \xc3;\n' > cut-utf8.cypher
printf 'RETURN 1;\0RETURN 2;\n' > nul.cypher
printf "RETURN 1;\nRETURN 'abc\n" > unterminated-string.cypher
printf 'RETURN 1;\nRETURN 2 /* no end\n' > unterminated-comment.cypher
printf 'RETURN `abc\n' > unterminated-name.cypher
printf 'RETURN 1;\n  RETURN 99999999999999999999999;\n' > huge-int.cypher
printf 'RETURN 1e999;\n' > huge-float.cypher
printf 'RETURN 9223372036854775807 + 1;\n' > overflow.cypher
printf 'RETURN -9223372036854775808 AS min;\n' > min-int.cypher
printf 'RETURN 0x7FFFFFFFFFFFFFFFF;\n' > huge-hex.cypher
: > empty.cypher
printf '// only a comment\n' > only-comment.cypher
cat > dense.cypher <<'Q'
UNWIND range(1, 30) AS i CREATE (:D {i: i});
MATCH (a:D), (b:D) WHERE a <> b CREATE (a)-[:E]->(b);
MATCH p = (a:D {i: 1})-[*]->(b) RETURN count(p);
Q
cat > dense-rows.cypher <<'Q'
UNWIND range(1, 30) AS i CREATE (:D {i: i});
MATCH (a:D), (b:D) WHERE a <> b CREATE (a)-[:E]->(b);
MATCH p = (a:D {i: 1})-[*]->(b) RETURN p;
Q
cat > chain.cypher <<'Q'
UNWIND range(1, 40) AS i CREATE (:C {i: i});
MATCH (a:C), (b:C) WHERE b.i = a.i + 1 CREATE (a)-[:N]->(b);
MATCH p = (:C {i: 1})-[*]->() RETURN max(length(p)) AS longest;
Q
printf 'UNWIND range(1, 10000000) AS i RETURN size(collect(i));\n' > big-collect.cypher
printf 'UNWIND range(1, 3000000) AS i RETURN i ORDER BY i DESC;\n' > big-sort.cypher
printf 'CREATE (:Keep);\nUNWIND range(1, 200000) AS i CREATE (:Tmp {i: i}) WITH i ORDER BY i RETURN i;\nMATCH (n) RETURN count(n) AS after;\n' > write-over-limit.cypher
printf 'id:ID,name\n1,a,extra\n2,b\n' > ragged.csv
printf 'id:ID,name\n1\n' > short-row.csv
printf 'id:ID,age:int\n1,abc\n' > bad-int.csv
printf 'id:ID,age:int\n1,99999999999999999999999\n' > huge-int.csv
printf 'id:ID,ok:boolean\n1,maybe\n' > bad-bool.csv
printf 'id:ID,d:date\n1,2024-13-45\n' > bad-date.csv
printf 'id:ID,name\n1,a\n1,b\n' > dup.csv
printf 'id:ID\n1\n2\n' > nodes.csv
printf ':START_ID,:END_ID\n1,3\n' > dangling.csv
printf ':START_ID,:END_ID\n1,2\n' > rels.csv
printf 'id:ID,name\n1,"abc\n' > unterminated.csv
printf 'id:ID,name\n1,\xff\xfe\n' > bad-utf8.csv
printf 'id:ID,id:ID\n1,2\n' > two-ids.csv
printf 'name,x:nosuchtype\na,1\n' > bad-header.csv
: > empty.csv
printf 'hello' > not-a-snapshot.kgq
"$kgq" --empty -c 'CREATE (:A {x: 1})' --format csv >/dev/null 2>&1
"$kgq" --empty save good.kgq 2>/dev/null
head -c 40 good.kgq > truncated.kgq
cp good.kgq flipped.kgq; printf '\x55' | dd of=flipped.kgq bs=1 seek=36 conv=notrunc 2>/dev/null
printf 'RETURN 1;\n' > unreadable.cypher; chmod 000 unreadable.cypher
mkdir dir.cypher

# --- The table ------------------------------------------------------------------------
# NAME | EXIT | SECONDS | STDERR (extended regex; - for any) | ARGUMENTS (word-split)
fails=0 n=0
while IFS='|' read -r name want secs pattern args; do
  name=$(echo $name); want=$(echo $want); secs=$(echo $secs)
  pattern=$(echo "$pattern" | sed 's/^ *//; s/ *$//')
  [ -n "$name" ] && [ "${name#\#}" = "$name" ] || continue
  if [ "$name" = unreadable-file ] && [ "$(id -u)" = 0 ]; then continue; fi
  n=$((n + 1))
  # shellcheck disable=SC2086
  timeout -s KILL "$secs" "$kgq" $args > out.txt 2> err.txt < /dev/null
  rc=$?
  if [ $rc -ne "$want" ] || { [ "$pattern" != - ] && ! grep -Eq -- "$pattern" err.txt; } || grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' err.txt; then
    echo "FAIL $name: exit $rc (want $want), stderr:"; head -c 600 err.txt; echo
    fails=$((fails + 1))
  fi
done <<'TABLE'
# Queries: syntax and lexical errors (exit 3) carry FILE:LINE:COL
deep-parens           | 3 | 20 | deep-parens.cypher:1:[0-9]+: query is nested too deeply | --empty run deep-parens.cypher
deep-lists            | 3 | 20 | deep-lists.cypher:1:[0-9]+: query is nested too deeply | --empty run deep-lists.cypher
deep-maps             | 3 | 20 | deep-maps.cypher:1:[0-9]+: query is nested too deeply | --empty run deep-maps.cypher
deep-not              | 3 | 20 | deep-not.cypher:1:[0-9]+: query is nested too deeply | --empty run deep-not.cypher
deep-minus            | 3 | 20 | deep-minus.cypher:1:[0-9]+: query is nested too deeply | --empty run deep-minus.cypher
long-pattern          | 0 | 20 | - | --empty run long-pattern.cypher
big-string            | 0 | 30 | - | --empty run big-string.cypher
big-unterminated      | 3 | 30 | big-unterminated.cypher:2:8: unterminated string | --empty run big-unterminated.cypher
bad-utf8              | 3 | 10 | bad-utf8.cypher:2:9: invalid UTF-8 | --empty run bad-utf8.cypher
cut-utf8              | 3 | 10 | cut-utf8.cypher:1:8: invalid UTF-8 | --empty run cut-utf8.cypher
nul-byte              | 4 | 10 | nul.cypher: not a text file \(holds a NUL byte\) | --empty run nul.cypher
unterminated-string   | 3 | 10 | unterminated-string.cypher:2:8: unterminated string literal | --empty run unterminated-string.cypher
unterminated-comment  | 3 | 10 | unterminated-comment.cypher:2:10: unterminated comment | --empty run unterminated-comment.cypher
unterminated-name     | 3 | 10 | unterminated-name.cypher:1:8: unterminated quoted name | --empty run unterminated-name.cypher
huge-integer          | 3 | 10 | huge-int.cypher:2:10: integer literal is too large | --empty run huge-int.cypher
huge-float            | 3 | 10 | huge-float.cypher:1:8: float literal is too large | --empty run huge-float.cypher
huge-hex              | 3 | 10 | huge-hex.cypher:1:8: integer literal is too large | --empty run huge-hex.cypher
integer-overflow      | 1 | 10 | overflow.cypher:1:8: integer overflow | --empty run overflow.cypher
min-integer           | 0 | 10 | - | --empty run min-int.cypher
empty-script          | 0 | 10 | - | --empty run empty.cypher
only-comment          | 0 | 10 | - | --empty run only-comment.cypher
# Limits (exit 5): dense variable-length patterns, rows, memory; the statement is undone
dense-timeout         | 5 | 20 | query timed out | --empty --timeout 1 run dense.cypher
dense-max-rows        | 5 | 20 | more than 1000 rows \(the row limit\) | --empty --max-rows 1000 run dense-rows.cypher
chain-default-bound   | 0 | 20 | chain.cypher:3:22: warning: a variable-length pattern without an upper bound follows at most 15 hops | --empty run chain.cypher
big-collect-memory    | 5 | 30 | more than its memory limit | --empty --max-memory 20M run big-collect.cypher
big-sort-memory       | 5 | 30 | more than its memory limit | --empty --max-memory 20M run big-sort.cypher
write-over-limit      | 5 | 30 | more than 1000 rows | --empty --max-rows 1000 run write-over-limit.cypher
bad-timeout           | 2 | 10 | --timeout: 'abc' is not a duration | --empty --timeout abc -c RETURN
bad-max-rows          | 2 | 10 | --max-rows must not be negative | --empty --max-rows -1 -c RETURN
bad-max-memory        | 2 | 10 | --max-memory: 'lots' is not a size | --empty --max-memory lots -c RETURN
# Files (exit 4)
missing-script        | 4 | 10 | no-such.cypher | --empty run no-such.cypher
directory-script      | 4 | 10 | dir.cypher.*[Ii]s a directory | --empty run dir.cypher
unreadable-file       | 4 | 10 | unreadable.cypher.*[Pp]ermission denied | --empty run unreadable.cypher
db-missing-dir        | 4 | 10 | no-such-dir/x.kgq: the directory no-such-dir does not exist | --db no-such-dir/x.kgq -c RETURN
db-directory          | 4 | 10 | dir.cypher: is a directory | --db dir.cypher -c RETURN
db-not-snapshot       | 4 | 10 | not-a-snapshot.kgq: not a kgq snapshot | --db not-a-snapshot.kgq -c RETURN
db-truncated          | 4 | 10 | truncated.kgq: snapshot is truncated | --db truncated.kgq -c RETURN
db-flipped-bit        | 4 | 10 | flipped.kgq: snapshot checksum mismatch | --db flipped.kgq -c RETURN
corpus-missing        | 4 | 10 | no-such-dir.*not a corpus directory | --corpus no-such-dir -c RETURN
corpus-is-a-file      | 4 | 10 | nodes.csv.*not a corpus directory | --corpus nodes.csv -c RETURN
# CSV import (exit 4): FILE:LINE: reason
csv-ragged            | 4 | 10 | ragged.csv:2: expected 2 fields, found 3 | --nodes=P=ragged.csv -c RETURN
csv-short-row         | 4 | 10 | short-row.csv:2: expected 2 fields, found 1 | --nodes=P=short-row.csv -c RETURN
csv-bad-int           | 4 | 10 | bad-int.csv:2: bad int 'abc' in column 'age' | --nodes=P=bad-int.csv -c RETURN
csv-huge-int          | 4 | 10 | huge-int.csv:2: bad int | --nodes=P=huge-int.csv -c RETURN
csv-bad-boolean       | 4 | 10 | bad-bool.csv:2: bad boolean | --nodes=P=bad-bool.csv -c RETURN
csv-bad-date          | 4 | 10 | bad-date.csv:2: bad date | --nodes=P=bad-date.csv -c RETURN
csv-duplicate-id      | 4 | 10 | dup.csv:3: duplicate id '1' | --nodes=P=dup.csv -c RETURN
csv-dangling-id       | 4 | 10 | dangling.csv:2: unknown END_ID '3' | --nodes=P=nodes.csv --relationships=R=dangling.csv -c RETURN
csv-unterminated      | 4 | 10 | unterminated.csv:2: unterminated quoted field | --nodes=P=unterminated.csv -c RETURN
csv-bad-utf8          | 4 | 10 | bad-utf8.csv:2: bad UTF-8 | --nodes=P=bad-utf8.csv -c RETURN
csv-two-id-columns    | 4 | 10 | two-ids.csv:1: more than one :ID column | --nodes=P=two-ids.csv -c RETURN
csv-bad-header-type   | 4 | 10 | bad-header.csv:1: .*nosuchtype | --nodes=P=bad-header.csv -c RETURN
csv-empty-file        | 4 | 10 | empty.csv:1: no header line | --nodes=P=empty.csv -c RETURN
csv-missing-file      | 4 | 10 | no-such.csv.*No such file | --nodes=P=no-such.csv -c RETURN
csv-directory         | 4 | 10 | dir.cypher: is a directory | --nodes=P=dir.cypher -c RETURN
csv-skip-bad-rows     | 0 | 10 | 1 bad rows skipped | --skip-bad-rows --nodes=P=ragged.csv run empty.cypher
TABLE

# Ctrl-C on `kgq run`: the runner stops the query and exits 5, the cancelled statement
# undone.
n=$((n + 1))
"$kgq" --empty run dense.cypher > out.txt 2> err.txt &
pid=$!
sleep 1
kill -INT $pid
wait $pid
rc=$?
if [ $rc -ne 5 ] || ! grep -q 'query cancelled' err.txt; then
  echo "FAIL sigint-run: exit $rc (want 5)"; cat err.txt
  fails=$((fails + 1))
fi

# A statement stopped by a limit leaves the graph (and the --db journal) as it was.
n=$((n + 1))
"$kgq" --empty save limit.kgq 2>/dev/null
"$kgq" --db limit.kgq --max-rows 1000 run write-over-limit.cypher >/dev/null 2>&1
out=$("$kgq" --db limit.kgq --format tsv -c 'MATCH (n) RETURN count(n)' 2>/dev/null | tail -1)
if [ "$out" != "1" ]; then
  echo "FAIL limit-rollback: the graph holds '$out' nodes after the failed statement (want 1)"
  fails=$((fails + 1))
fi

echo "$n cases, $fails failed"
[ $fails -eq 0 ]
