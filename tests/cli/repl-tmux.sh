#!/usr/bin/env bash
# tests/cli/repl-tmux.sh KGQ — drives kgq's REPL through a pseudo-terminal (tmux) and
# checks the screen: a multi-line statement with its continuation prompt, tab
# completion of labels, property keys and :commands, an error with its caret, "did you
# mean" for a mistyped command, pasted statements, :export dot, Ctrl-C on a long query
# (the session and the graph survive), history under $XDG_STATE_HOME, Ctrl-D leaving,
# :conflicts and :find on the corpus, and the status line of a long algorithm run that
# Ctrl-C stops. Exits 77 (skipped) when tmux is not installed.
set -u
kgq=$1
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed: skipped"; exit 77; }

tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
t() { tmux -S "$sock" "$@"; }
cleanup() { t kill-server >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  echo "---- screen ----"
  t capture-pane -p -t repl -S -200 2>/dev/null
  exit 1
}

screen() { t capture-pane -p -t "${2:-repl}" -S -200; }

# shows PATTERN [SESSION]: the screen matches the extended regex now.
shows() { screen "" "${2:-repl}" | grep -Eq -- "$1"; }

# wait_for PATTERN [SECONDS] [SESSION]: until the screen matches the extended regex.
# The screen is read every 50 ms, so an idle machine does not wait; the bound (default
# KG_TEST_WAIT, 120 s) is only reached when something is wrong, or on a machine so
# busy that a start or a query takes that long.
wait_for() {
  within "${2:-${KG_TEST_WAIT:-120}}" "$1" "${3:-repl}" && return 0
  [ -n "${3:-}" ] && t capture-pane -p -t "$3"
  fail "timed out waiting for: $1"
}

# within SECONDS PATTERN [SESSION]: as wait_for, but returns 1 after SECONDS.
within() {
  local deadline=$((SECONDS + $1))
  until shows "$2" "${3:-repl}"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.05
  done
}

# typ TEXT: types TEXT; line TEXT: types TEXT and Enter. tmux reads an argument that
# ends in ';' as a command separator, so a final ';' is sent escaped on its own.
typ() {
  local s=$1
  [ -n "$s" ] || return 0
  if [[ $s == *";" ]]; then
    t send-keys -t repl -l -- "${s%;}"
    t send-keys -t repl '\;'
  else
    t send-keys -t repl -l -- "$s"
  fi
}
line() { typ "$1"; t send-keys -t repl Enter; }

t new-session -d -x 150 -y 50 -s repl \
  "env XDG_STATE_HOME='$tmp/state' TERM=xterm '$kgq' --empty; echo KGQ-EXITED; sleep 30"
wait_for '^kgq>'

line "CREATE (:Person {name: 'Ada Lovelace', born: 1815}),"
wait_for '^  \.\.\.>'
line "(:Person {name: 'Alan Turing', born: 1912});"
wait_for 'nodes created'

# A multi-line query; an empty line does not run half a statement.
line "UNWIND [1, 2, 3] AS x"
line ""
line "RETURN x * 2 AS doubled;"
wait_for '^3 rows'
screen | grep -Eq '^\| +6 \|' || fail "row 6 missing"

# Completion: a label after ':' in a node pattern, a property key after '.'.
typ "MATCH (p:Pe"
t send-keys -t repl Tab
wait_for 'kgq> MATCH \(p:Person'
typ ") WHERE p.bo"
t send-keys -t repl Tab
wait_for 'WHERE p\.born'
line " > 1900 RETURN p.name;"
wait_for 'Alan Turing'

# Completion of :commands.
typ ":sche"
t send-keys -t repl Tab
wait_for 'kgq> :schema'
t send-keys -t repl Enter
wait_for 'Person +2'

# Several statements on one line (as when pasting) run one after the other.
line "RETURN 'first' AS a; RETURN 'second' AS b;"
wait_for '^\| second'
screen | grep -Eq '^\| first' || fail "the first pasted statement did not run"

# :export dot writes the last result as DOT.
line "MATCH (p:Person) RETURN p;"
wait_for '^2 rows'
line ":export dot $tmp/people.dot"
wait_for 'wrote .*people\.dot'
grep -q 'Ada Lovelace' "$tmp/people.dot" || fail ":export dot wrote no node"

# An error shows the place with a caret.
line "RETURN 1 +* 2;"
wait_for '<repl:[0-9]+>:1:[0-9]+:'
wait_for '^ +\| +\^'

# :begin opens a transaction (the prompt shows it); :rollback undoes it, :commit keeps it.
line ":begin"
wait_for '^transaction open'
line "CREATE (:Scratch {n: 1});"
wait_for 'kgq\*> CREATE \(:Scratch'
line "MATCH (s:Scratch) RETURN count(s) AS inside;"
wait_for '^\| +1 +\|'
line ":rollback"
wait_for '^rolled back'
line "MATCH (s:Scratch) RETURN count(s) AS after_rollback;"
wait_for '^\| +0 +\|'
line ":begin"
line "CREATE (:Scratch {n: 2});"
line ":commit"
wait_for '^committed'
line "MATCH (s:Scratch) RETURN sum(s.n) AS after_commit;"
wait_for '^\| +2 +\|'
line ":commit"
wait_for 'no transaction is open'

# A mistyped command gets a suggestion.
line ":shcema"
wait_for 'did you mean :schema'

# Ctrl-C cancels a long query and keeps the session and the graph.
line "UNWIND range(1, 1000000) AS a UNWIND range(1, 1000000) AS b WITH a, b WHERE a + b < 0 RETURN count(*);"
wait_for 'RETURN count\(\*\);'
# Ctrl-C until the query says it was cancelled: one that comes before the query runs
# (a busy machine) is taken at the prompt and harms nothing.
sleep 0.5
cancelled=0
for _ in $(seq 20); do
  t send-keys -t repl C-c
  within 3 '[Cc]ancel' && { cancelled=1; break; }
done
[ $cancelled = 1 ] || fail "Ctrl-C did not cancel the query"
line "MATCH (n) RETURN count(n) AS alive;"
wait_for '^\| +2 \|'

# Ctrl-C at the prompt drops the statement being typed.
line "MATCH (n)"
wait_for '^  \.\.\.>'
t send-keys -t repl C-c
sleep 0.3
line "RETURN 'fresh' AS s;"
wait_for '^\| fresh'

# With writes not saved, Ctrl-D warns once and stays; :save FILE writes a snapshot
# that --db loads; a second Ctrl-D leaves.
t send-keys -t repl C-d
wait_for 'write statements? not saved'
line ":save $tmp/saved.kgq"
wait_for '^saved 3 nodes'
[ -s "$tmp/saved.kgq" ] || fail ":save wrote no snapshot"
t send-keys -t repl C-d
sleep 0.3
t send-keys -t repl C-d
wait_for 'KGQ-EXITED'
"$kgq" --db "$tmp/saved.kgq" --format csv -c 'MATCH (s:Scratch) RETURN sum(s.n) AS saved' | grep -qx 2 ||
  fail "the :save snapshot does not hold the committed write"
# The history was written under XDG_STATE_HOME.
[ -s "$tmp/state/kgq/history" ] || fail "no history file in \$XDG_STATE_HOME/kgq"
# (libedit writes blanks as \040; the multi-line statement is one entry)
grep -q 'UNWIND.*AS.*x.*RETURN.*doubled;' "$tmp/state/kgq/history" || fail "history lacks the multi-line statement"

# On the bundled corpus, :conflicts lists the reports' disagreement over who handed
# Tom Cruise the flag, :find searches the names full-text index; :quit leaves.
t new-session -d -x 150 -y 50 -s corpus \
  "env XDG_STATE_HOME='$tmp/state' TERM=xterm '$kgq' --no-history; echo KGQ-EXITED; sleep 30"
wait_for '^kgq>' "" corpus
t send-keys -t corpus ":conflicts" Enter
wait_for 'receives_flag_from' "" corpus
# :find searches the names full-text index: a misspelt band is found, with its labels.
t send-keys -t corpus ":find chili pepers~" Enter
wait_for 'Red Hot Chili Peppers.*Band' "" corpus
t send-keys -t corpus ":quit" Enter
wait_for 'KGQ-EXITED' "" corpus

# A long algorithm run shows a status line on stderr after a second (the algorithm, its
# iteration, how far), erased when the run ends; Ctrl-C stops it.
t new-session -d -x 150 -y 50 -s algo \
  "env XDG_STATE_HOME='$tmp/state' TERM=xterm '$kgq' --empty --no-history; echo KGQ-EXITED; sleep 30"
wait_for '^kgq>' "" algo
t send-keys -t algo -l -- "UNWIND range(0, 2999) AS i CREATE (:N {i: i}) WITH collect(1) AS x MATCH (a:N) WITH collect(a) AS ns UNWIND range(0, 29999) AS k WITH ns[k % 3000] AS a, ns[(k * 7919 + 13) % 3000] AS b CREATE (a)-[:E]->(b)"
t send-keys -t algo '\;' Enter
# a run that finishes erases its line before the rows
t send-keys -t algo -l -- "CALL algo.pageRank({maxIterations: 8000, tolerance: 0}) YIELD node RETURN count(*) AS ranked"
t send-keys -t algo '\;' Enter
wait_for '^\| +3000 \|' "" algo
if shows 'Ctrl-C stops it' algo; then
  t capture-pane -p -t algo
  fail "the status line was not erased"
fi
# one that is stopped keeps its last status, where the terminal echoes ^C
t send-keys -t algo -l -- "CALL algo.pageRank({maxIterations: 1000000000, tolerance: 0}) YIELD node RETURN count(*)"
t send-keys -t algo '\;' Enter
wait_for 'algo\.pageRank: iteration [0-9]+ of at most 1000000000 .*[0-9]+% [0-9.]+ s, Ctrl-C stops it' "" algo
t send-keys -t algo C-c
wait_for 'query cancelled' "" algo
t send-keys -t algo ":quit!" Enter
wait_for 'KGQ-EXITED' "" algo
echo "ok: REPL screen checks passed"
