# tests/tools/serve.sh — sourced by the server and HTTP test scripts: starting a
# `kgq serve` on free ports and stopping it, the same way in every script.
#
# The waits poll the server's log and its process every 50 ms, so they end as soon as
# the server is up (or gone), and give up only after KG_TEST_WAIT seconds (default
# 120): on a busy machine a start may take many seconds, and a failure still ends the
# test. Nothing here reads the test's own variables; what it learns it sets in
# KG_SERVE_* for the caller to copy.

# kg_serve_start LOG CMD...: runs CMD (a kgq command line that serves) in the
# background with its stderr in LOG, and waits until LOG names the Bolt port and, when
# CMD has --http, the HTTP port too. Sets KG_SERVE_PID, KG_SERVE_BOLT and KG_SERVE_HTTP.
# Returns 1, with LOG printed, when the server exits or does not start in time.
kg_serve_start() {
  local log=$1; shift
  local want_http=0 a
  for a in "$@"; do [ "$a" = --http ] && want_http=1; done
  : >"$log"
  "$@" 2>"$log" &
  KG_SERVE_PID=$!
  KG_SERVE_BOLT=""
  KG_SERVE_HTTP=""
  local deadline=$((SECONDS + ${KG_TEST_WAIT:-120}))
  while [ $SECONDS -lt $deadline ]; do
    KG_SERVE_BOLT=$(sed -n 's/^kgq serve: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" 2>/dev/null)
    KG_SERVE_HTTP=$(sed -n 's/^kgq serve: HTTP on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" 2>/dev/null)
    if [ -n "$KG_SERVE_BOLT" ] && { [ $want_http = 0 ] || [ -n "$KG_SERVE_HTTP" ]; }; then
      return 0
    fi
    kill -0 "$KG_SERVE_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "FAIL: the server did not start ($*)"
  cat "$log"
  return 1
}

# kg_serve_stop PID: SIGTERM, then waits for the server to exit. Returns 1 when it does
# not stop in time (it is then killed) or exits with a failure.
kg_serve_stop() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null
  local deadline=$((SECONDS + ${KG_TEST_WAIT:-120}))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "FAIL: the server (pid $pid) did not stop on SIGTERM"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 1
  fi
  local rc=0
  wait "$pid" || rc=$?
  [ $rc -eq 0 ] || { echo "FAIL: the server (pid $pid) exited with $rc"; return 1; }
}

# kg_wait_for CMD...: runs CMD every 50 ms until it succeeds; returns 1 when it has not
# after KG_TEST_WAIT seconds.
kg_wait_for() {
  local deadline=$((SECONDS + ${KG_TEST_WAIT:-120}))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.05
  done
}
