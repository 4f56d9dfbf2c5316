#!/usr/bin/env bash
# tests/robustness/batch-crash.sh KGQ — CALL { ... } IN TRANSACTIONS commits batch by
# batch: a statement killed with SIGKILL half way leaves exactly the batches it
# committed, each whole, in order, and none in part.
#
# Starts a long `--db FILE` statement that creates nodes in batches of 1000, waits
# until the journal holds a few batches, kills the process with SIGKILL, and checks
# with a fresh kgq that the nodes there are a whole number of batches, numbered 1..n
# without a gap. Then a second statement on the same journal fails in its third batch
# (ON ERROR FAIL) and leaves exactly its first two.
set -u
kgq=$1
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
db="$tmp/g.kgq"
q() { "$kgq" --db "$db" --format tsv -c "$1" 2>/dev/null | tail -n +2; }

"$kgq" --empty save "$db" 2>/dev/null || fail "cannot create the snapshot"
"$kgq" --db "$db" -c "UNWIND range(0, 99999) AS a UNWIND range(1, 1000) AS b WITH a * 1000 + b AS i CALL (i) { CREATE (:B {i: i}) } IN TRANSACTIONS OF 1000 ROWS" \
  >/dev/null 2>&1 &
pid=$!
# a batch of 1000 nodes is some tens of kilobytes of journal
for _ in $(seq 600); do
  size=$(stat -c %s "$db.journal" 2>/dev/null || echo 0)
  [ "$size" -gt 300000 ] && break
  kill -0 "$pid" 2>/dev/null || fail "the statement ended before it was killed"
  sleep 0.05
done
[ "$size" -gt 300000 ] || fail "the journal did not grow"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
pid=""

held=$(q "MATCH (b:B) RETURN count(b), min(b.i), max(b.i), count(DISTINCT b.i)")
read -r n lo hi distinct <<<"$held"
[ -n "$n" ] && [ "$n" -gt 0 ] || fail "no batch survived the kill: $held"
[ $((n % 1000)) -eq 0 ] || fail "a batch survived in part: $n nodes"
[ "$lo" = 1 ] && [ "$hi" = "$n" ] && [ "$distinct" = "$n" ] || fail "the batches are not 1..$n: $held"
echo "ok: killed after $((n / 1000)) whole batches of 1000"

out=$("$kgq" --db "$db" -c "UNWIND range(1, 10) AS i CALL (i) { CREATE (:F {v: 10 / (i - 5)}) } IN TRANSACTIONS OF 2 ROWS" 2>&1)
echo "$out" | grep -q "division by zero (transactions committed: 2)" || fail "the third batch did not fail as expected: $out"
held=$(q "MATCH (f:F) RETURN count(f), sum(f.v)")
[ "$held" = "4	-20" ] || fail "not the first two batches (i = 1..4): $held"
echo "ok: a failure in batch 3 kept batches 1 and 2"
