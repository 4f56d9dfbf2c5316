#!/usr/bin/env bash
# tests/server/run.sh KGQ WORKDIR — the end-to-end test of `kgq serve` with the
# official Neo4j JavaScript driver. Installs neo4j-driver 6 with npm into WORKDIR
# (install-driver.sh; once, it stays there for later runs), writes a password file
# with `kgq passwd`, starts two servers on free ports (one with authentication, one with --no-auth, both
# on an empty graph), runs driver.test.js and raw.test.js against them, then stops both with SIGTERM
# and checks they exit cleanly. Exits 77 (skipped) only when node is missing or npm
# cannot fetch the package.
set -u
kgq=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tools/serve.sh"
bash "$here/install-driver.sh" "$work" || exit $?

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

printf 'secret-pw\n' | "$kgq" passwd "$tmp/users" alice || { echo "FAIL: kgq passwd"; exit 1; }
printf 'other\n' | "$kgq" passwd "$tmp/users" bob || { echo "FAIL: kgq passwd"; exit 1; }
grep -q '^alice:\$argon2id\$' "$tmp/users" || { echo "FAIL: no argon2id hash for alice"; cat "$tmp/users"; exit 1; }

# start NAME ARGS...: starts a server on a free port; sets PORT_NAME and PID_NAME.
start() {
  local name=$1; shift
  kg_serve_start "$tmp/$name.log" "$kgq" --empty "$@" --listen 127.0.0.1:0 serve || exit 1
  pids+=("$KG_SERVE_PID")
  eval "PORT_$name=$KG_SERVE_BOLT; PID_$name=$KG_SERVE_PID"
}

# --no-auth is refused on a non-loopback address.
if "$kgq" --empty --no-auth --listen 0.0.0.0:0 serve 2>"$tmp/refused.log"; then
  echo "FAIL: --no-auth accepted on 0.0.0.0"; exit 1
fi
grep -q "loopback" "$tmp/refused.log" || { echo "FAIL: no reason for refusing --no-auth"; cat "$tmp/refused.log"; exit 1; }

start auth --users "$tmp/users" --max-connections 40
start open --no-auth --timeout "${KG_TEST_STATEMENT_TIMEOUT:-20s}" --lock-timeout "${KG_TEST_LOCK_TIMEOUT:-500ms}" --max-message-size 1048576
servers="auth open"
# TLS with a self-signed certificate (bolt+ssc://), when openssl can make one.
PORT_tls=""
if command -v openssl >/dev/null 2>&1 &&
   openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 1 \
     -subj /CN=localhost >/dev/null 2>&1; then
  # Under ASan, LeakSanitizer's stop-the-world at exit now and then races with GLib's TLS
  # worker threads winding down and aborts with "LeakSanitizer has encountered a fatal
  # error" (not a leak): the leak check is left to the other two servers.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    start tls --users "$tmp/users" --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem"
  servers="$servers tls"
else
  echo "openssl could not make a certificate: the TLS part is skipped"
fi

status=0
NODE_PATH="$work/node_modules" KG_AUTH_PORT=$PORT_auth KG_OPEN_PORT=$PORT_open KG_TLS_PORT=$PORT_tls \
  timeout "${KG_TEST_NODE_TIMEOUT:-120}" node "$here/driver.test.js" || status=1
KG_OPEN_PORT=$PORT_open timeout "${KG_TEST_NODE_TIMEOUT:-60}" node "$here/raw.test.js" || status=1

# SIGHUP reloads the password file: a user added since logs in, one removed no longer.
printf 'carol-pw\n' | "$kgq" passwd "$tmp/users" carol >/dev/null 2>&1 || { echo "FAIL: kgq passwd carol"; status=1; }
sed -i '/^bob:/d' "$tmp/users"
kill -HUP "$PID_auth"
kg_wait_for grep -q "reloaded" "$tmp/auth.log"
grep -q "reloaded .*: 2 users" "$tmp/auth.log" || { echo "FAIL: no reload on SIGHUP"; status=1; }
login() {
  NODE_PATH="$work/node_modules" timeout 60 node -e '
    const neo4j = require("neo4j-driver");
    const d = neo4j.driver(`bolt://127.0.0.1:${process.argv[1]}`, neo4j.auth.basic(process.argv[2], process.argv[3]),
                           { logging: { level: "error", logger: () => {} } });
    d.executeQuery("RETURN 1").then(() => { console.log("in"); }, (e) => { console.log(e.code); }).finally(() => d.close());
  ' "$PORT_auth" "$1" "$2"
}
[ "$(login carol carol-pw)" = in ] || { echo "FAIL: a user added to the file cannot log in after SIGHUP"; status=1; }
[ "$(login bob other)" = Neo.ClientError.Security.Unauthorized ] || { echo "FAIL: a user removed from the file still logs in after SIGHUP"; status=1; }
[ "$(login alice secret-pw)" = in ] || { echo "FAIL: alice cannot log in after SIGHUP"; status=1; }
echo 'not a users file' >"$tmp/users"
kill -HUP "$PID_auth"
kg_wait_for grep -q "did not reload" "$tmp/auth.log"
grep -q "did not reload, the old users stay" "$tmp/auth.log" || { echo "FAIL: a bad password file was not refused on SIGHUP"; status=1; }
[ "$(login alice secret-pw)" = in ] || { echo "FAIL: a bad password file on SIGHUP locked alice out"; status=1; }
[ $status -eq 0 ] && echo "ok SIGHUP reloads the password file"

for name in $servers; do
  eval "pid=\$PID_$name"
  kg_serve_stop "$pid" || { echo "FAIL: server $name did not stop cleanly"; status=1; }
  grep -q "stopping" "$tmp/$name.log" || { echo "FAIL: server $name did not log its stop"; status=1; }
done
if [ $status -ne 0 ]; then
  for name in $servers; do echo "---- $name server log ----"; grep -v "^kgq serve: connection" "$tmp/$name.log" | head -60; done
fi
# The failed statements and the connections were logged, one line each.
grep -q "connection .*: Neo.ClientError.Statement.SyntaxError" "$tmp/open.log" || { echo "FAIL: no log line for a failed statement"; status=1; }
grep -q "authentication failed for 'alice'" "$tmp/auth.log" || { echo "FAIL: no log line for the failed login"; status=1; }
exit $status
