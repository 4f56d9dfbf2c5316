#!/usr/bin/env bash
# tests/http/run.sh api|browser KGQ WORKDIR — end-to-end tests of `kgq serve --http`.
#   api:     api.test.js drives the Query API with curl and compares it with the Neo4j
#            JavaScript driver over Bolt (neo4j-driver 6, installed with npm into WORKDIR).
#   browser: browser.test.js drives the page in headless Chromium over the DevTools
#            protocol (puppeteer-core, installed with npm into WORKDIR; the browser is
#            Debian's chromium) and writes the screenshot of the flag journey to
#            WORKDIR/flag-journey.png.
# Starts the servers on free ports on the bundled corpus (one with a users file and
# --http-cors http://allowed.example, one with --no-auth, and for the api test one with
# a self-signed certificate, for HTTPS, when openssl can make one), stops them with SIGTERM and
# checks they exit cleanly. Exits 77 (skipped) only when node, npm (or the package),
# curl, or for the browser test chromium, is missing.
set -u
mode=$1
kgq=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tools/serve.sh"
command -v node >/dev/null 2>&1 || { echo "node is not installed (scripts/setup installs it): skipped"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "curl is not installed (scripts/setup installs it): skipped"; exit 77; }
chromium=${KG_CHROMIUM:-/usr/bin/chromium}
if [ "$mode" = browser ] && [ ! -x "$chromium" ]; then
  echo "chromium is not installed at $chromium (scripts/setup installs it): skipped"; exit 77
fi

case $mode in
  api) package=neo4j-driver; spec=neo4j-driver@6 ;;
  browser) package=puppeteer-core; spec=puppeteer-core@24 ;;
  *) echo "usage: run.sh api|browser KGQ WORKDIR"; exit 2 ;;
esac
# Each mode its own folder: the two tests run at once, and two npm installs in one
# folder would race (and a --no-save install may prune the other's package).
work=$work/$mode
mkdir -p "$work"
if [ ! -f "$work/node_modules/$package/package.json" ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm is not installed: skipped"; exit 77; }
  if ! (cd "$work" && timeout 300 npm install --no-audit --no-fund --no-save --silent "$spec" >"npm-$mode.log" 2>&1); then
    echo "npm could not install $spec (offline?): skipped"
    tail -5 "$work/npm-$mode.log"
    exit 77
  fi
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

printf 'secret-pw\n' | "$kgq" passwd "$tmp/users" alice >/dev/null || { echo "FAIL: kgq passwd"; exit 1; }
printf 'other-pw\n' | "$kgq" passwd "$tmp/users" bob >/dev/null || { echo "FAIL: kgq passwd"; exit 1; }

# start NAME ARGS...: a server with Bolt and HTTP on free ports; sets BOLT_NAME, HTTP_NAME, PID_NAME.
start() {
  local name=$1; shift
  kg_serve_start "$tmp/$name.log" "$kgq" "$@" serve --listen 127.0.0.1:0 --http 127.0.0.1:0 || exit 1
  pids+=("$KG_SERVE_PID")
  eval "BOLT_$name=$KG_SERVE_BOLT; HTTP_$name=$KG_SERVE_HTTP; PID_$name=$KG_SERVE_PID"
}

start auth --users "$tmp/users" --http-cors http://allowed.example --max-message-size 65536
start open --no-auth
servers="auth open"
# HTTPS with Bolt's certificate, when openssl can make one.
if [ "$mode" = api ] && command -v openssl >/dev/null 2>&1 &&
   openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 1 \
     -subj /CN=localhost >/dev/null 2>&1; then
  # Under ASan, LeakSanitizer's stop-the-world at exit now and then races with GLib's TLS
  # worker threads winding down and aborts with "LeakSanitizer has encountered a fatal
  # error" (not a leak): the leak check is left to the other two servers.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    start tls --users "$tmp/users" --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem"
  servers="$servers tls"
fi

status=0
if [ "$mode" = api ]; then
  head -c 100000 /dev/zero | tr '\0' ' ' >"$tmp/big.json"
  NODE_PATH="$work/node_modules" KG_BOLT_PORT=$BOLT_auth KG_HTTP_PORT=$HTTP_auth KG_OPEN_HTTP_PORT=$HTTP_open \
    KG_BIG_FILE="$tmp/big.json" timeout 400 node "$here/api.test.js" || status=1
  if [ -n "${HTTP_tls:-}" ]; then
    out=$(curl -s --cacert "$tmp/cert.pem" -u alice:secret-pw -H 'Content-Type: application/json' \
          -d '{"statement": "RETURN 1 AS one"}' "https://localhost:$HTTP_tls/db/neo4j/query/v2")
    [ "$out" = '{"data":{"fields":["one"],"values":[[1]]},"bookmarks":["kgq:0"]}' ] || { echo "FAIL: HTTPS: $out"; status=1; }
    curl -s -o /dev/null "http://127.0.0.1:$HTTP_tls/" && { echo "FAIL: plain HTTP answered on the TLS port"; status=1; }
    [ $status -eq 0 ] && echo "ok HTTPS with the --tls-cert certificate"
  fi
else
  NODE_PATH="$work/node_modules" KG_HTTP_PORT=$HTTP_auth KG_OPEN_HTTP_PORT=$HTTP_open KG_CHROMIUM="$chromium" \
    KG_SCREENSHOT="$work/flag-journey.png" timeout 400 node "$here/browser.test.js" || status=1
fi

for name in $servers; do
  eval "pid=\$PID_$name"
  kg_serve_stop "$pid" || { echo "FAIL: server $name did not stop cleanly"; status=1; }
done
if [ $status -ne 0 ]; then
  for name in $servers; do echo "---- $name server log ----"; head -60 "$tmp/$name.log"; done
fi
exit $status
