#!/usr/bin/env bash
# tests/robustness/journal-crash.sh KGQ — no lost work: writes acknowledged by the REPL
# on a `--db FILE` graph survive `kill -9`, a statement killed half way leaves nothing.
#
# Drives the REPL through a pseudo-terminal (tmux): acknowledges three write statements
# (the prompt comes back after each), starts a long write statement that first changes
# the graph and then computes for a long time, kills the process with SIGKILL in the
# middle, and checks with a fresh kgq that every acknowledged write is there and none
# of the killed statement's changes are. Then a torn tail (garbage appended to the
# journal) is ignored, and `kgq --db F save F` folds the journal into the snapshot.
# Exits 77 (skipped) when tmux is not installed.
set -u
kgq=$1
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed: skipped"; exit 77; }

tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
db="$tmp/g.kgq"
t() { tmux -S "$sock" "$@"; }
cleanup() { t kill-server >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  t capture-pane -p -t repl -S -100 2>/dev/null
  exit 1
}
screen() { t capture-pane -p -t repl -S -200; }
wait_for() {
  local i=0 limit=$(( ${2:-10} * 10 ))
  while [ $i -lt $limit ]; do
    screen | grep -Eq -- "$1" && return 0
    sleep 0.1
    i=$((i + 1))
  done
  fail "timed out waiting for: $1"
}
prompts() { screen | grep -c '^kgq>'; }
# stmt TEXT: types a statement (without its ';') and waits for the prompt to come back.
stmt() {
  local before
  before=$(prompts)
  t send-keys -t repl -l -- "$1"
  t send-keys -t repl '\;' Enter
  local i=0
  while [ "$(prompts)" -le "$before" ]; do
    sleep 0.1
    i=$((i + 1))
    [ $i -lt 100 ] || fail "no prompt after: $1"
  done
}
q() { "$kgq" --db "$db" --format tsv -c "$1" 2>/dev/null; }

"$kgq" --empty save "$db" 2>/dev/null || fail "cannot create the snapshot"

t -f /dev/null new-session -d -s repl -x 160 -y 50 \
  "env XDG_STATE_HOME=$tmp/state '$kgq' --db '$db' --no-history 2>&1 || sleep 30"
wait_for '^kgq>'
stmt "CREATE (:A {k: 1, r: rand()})"
stmt "UNWIND range(1, 120) AS i CREATE (:N {i: i})"
stmt "MATCH (a:A {k: 1}) CREATE (a)-[:R {w: 2}]->(:A {k: 2})"
stmt "MATCH (a:A {k: 2}) SET a.tag = 'kept'"
r_before=$(q "MATCH (a:A {k: 1}) RETURN a.r")

# A long write: its changes are made first, then it counts 120^4 rows.
pid=$(t list-panes -t repl -F '#{pane_pid}')
before=$(prompts)
t send-keys -t repl -l -- "MATCH (a:A) SET a.k = -1 CREATE (:X) WITH count(*) AS c MATCH (p:N), (q:N), (r:N), (s:N) WHERE p.i + q.i + r.i + s.i = -1 RETURN count(*)"
t send-keys -t repl '\;' Enter
sleep 1.5
[ "$(prompts)" -eq "$before" ] || fail "the long statement finished before it was killed"
kill -9 "$pid" 2>/dev/null
sleep 0.3

[ "$(q 'MATCH (a:A) RETURN a.k ORDER BY a.k' | tr '\n' ' ')" = "a.k 1 2 " ] || fail "acknowledged writes lost: $(q 'MATCH (a:A) RETURN a.k')"
[ "$(q 'MATCH (n:N) RETURN count(n)' | tail -1)" = "120" ] || fail "the UNWIND write is incomplete"
[ "$(q 'MATCH (:A)-[r:R]->(b:A) RETURN r.w, b.tag' | tail -1)" = "$(printf '2\tkept')" ] || fail "relationship or SET lost"
[ "$(q 'MATCH (x:X) RETURN count(x)' | tail -1)" = "0" ] || fail "the killed statement left changes"
[ "$(q 'MATCH (a:A {k: 1}) RETURN a.r')" = "$r_before" ] || fail "rand() replayed differently"

# A torn tail is ignored, and the next write cuts it off.
printf 'torn\001\002\003' >> "$db.journal"
q "CREATE (:A {k: 3})" >/dev/null || fail "write after a torn tail failed"
[ "$(q 'MATCH (a:A) RETURN count(a)' | tail -1)" = "3" ] || fail "torn tail not handled"

# Checkpoint: the journal is folded into the snapshot and emptied.
"$kgq" --db "$db" save "$db" 2>/dev/null || fail "checkpoint failed"
[ "$(stat -c %s "$db.journal")" -le 24 ] || fail "journal not emptied by the checkpoint"
[ "$(q 'MATCH (a:A) RETURN count(a)' | tail -1)" = "3" ] || fail "checkpoint lost writes"
q "MATCH (a:A {k: 3}) DELETE a" >/dev/null
[ "$(q 'MATCH (a:A) RETURN count(a)' | tail -1)" = "2" ] || fail "delete after checkpoint not kept"
echo "ok"
