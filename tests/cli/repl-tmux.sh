#!/usr/bin/env bash
# tests/cli/repl-tmux.sh KGQ — drives kgq's REPL through a pseudo-terminal (tmux) and
# checks the screen: a multi-line statement with its continuation prompt, tab
# completion of labels, property keys and :commands, an error with its caret, "did you
# mean" for a mistyped command, Ctrl-C on a long query (the session and the graph
# survive), history under $XDG_STATE_HOME, and Ctrl-D leaving. Exits 77 (skipped) when
# tmux is not installed.
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

screen() { t capture-pane -p -t repl -S -200; }

# wait_for PATTERN [SECONDS]: until the screen matches the extended regex.
wait_for() {
  local i=0 limit=$(( ${2:-10} * 10 ))
  while [ $i -lt $limit ]; do
    screen | grep -Eq -- "$1" && return 0
    sleep 0.1
    i=$((i + 1))
  done
  fail "timed out waiting for: $1"
}

# count PATTERN: how many screen lines match.
count() { screen | grep -Ec -- "$1"; }

t new-session -d -x 150 -y 50 -s repl \
  "env XDG_STATE_HOME='$tmp/state' TERM=xterm '$kgq' --empty; echo KGQ-EXITED; sleep 30"
wait_for '^kgq> ' 

t send-keys -t repl "CREATE (:Person {name: 'Ada Lovelace', born: 1815})," Enter
wait_for '^  \.\.\.> '
t send-keys -t repl "(:Person {name: 'Alan Turing', born: 1912});" Enter
wait_for 'nodes created'

# A multi-line query; an empty line does not run half a statement.
t send-keys -t repl "UNWIND [1, 2, 3] AS x" Enter
t send-keys -t repl "" Enter
t send-keys -t repl "RETURN x * 2 AS doubled;" Enter
wait_for '^3 rows'
screen | grep -Eq '^\| +6 \|' || fail "row 6 missing"

# Completion: a label after ':' in a node pattern, a property key after '.'.
t send-keys -t repl "MATCH (p:Pe"
t send-keys -t repl Tab
wait_for 'kgq> MATCH \(p:Person'
t send-keys -t repl ") WHERE p.bo"
t send-keys -t repl Tab
wait_for 'WHERE p\.born'
t send-keys -t repl " > 1900 RETURN p.name;" Enter
wait_for 'Alan Turing'

# Completion of :commands.
t send-keys -t repl ":sche"
t send-keys -t repl Tab
wait_for 'kgq> :schema'
t send-keys -t repl Enter
wait_for 'Person +2'

# An error shows the place with a caret.
t send-keys -t repl "RETURN 1 +* 2;" Enter
wait_for '<repl:[0-9]+>:1:[0-9]+:'
wait_for '^ +\| +\^'

# A mistyped command gets a suggestion.
t send-keys -t repl ":shcema" Enter
wait_for 'did you mean :schema'

# Ctrl-C cancels a long query and keeps the session and the graph.
t send-keys -t repl "UNWIND range(1, 2000000000) AS a WITH a WHERE a < 0 RETURN count(*);" Enter
sleep 1
t send-keys -t repl C-c
wait_for 'cancel' 15
t send-keys -t repl "MATCH (n) RETURN count(n) AS alive;" Enter
wait_for '^\| +2 \|'

# Ctrl-C at the prompt drops the statement being typed.
t send-keys -t repl "MATCH (n)" Enter
wait_for '^  \.\.\.> '
t send-keys -t repl C-c
sleep 0.3
t send-keys -t repl "RETURN 'fresh' AS s;" Enter
wait_for '^\| fresh'

# Ctrl-D leaves; the history was written under XDG_STATE_HOME.
t send-keys -t repl C-d
wait_for 'KGQ-EXITED'
[ -s "$tmp/state/kgq/history" ] || fail "no history file in \$XDG_STATE_HOME/kgq"
grep -q "RETURN x \* 2 AS doubled" "$tmp/state/kgq/history" || fail "history lacks the multi-line statement"
echo "ok: REPL screen checks passed"
