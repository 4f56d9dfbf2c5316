#!/usr/bin/env bash
# tests/server/transcripts.sh KGQ CLIENT DIR — the golden transcripts of Bolt message
# exchanges. For each DIR/NAME.bolt it starts a server on an empty graph, the kind the
# script's first line names ("# server: auth": a password file with alice / secret-pw;
# "# server: open": --no-auth), plays the script with bolt-client, stops the server, and
# compares the transcript with DIR/NAME.out. KG_UPDATE_GOLDEN=1
# rewrites the .out files instead (review the diff).
set -u
kgq=$1
client=$2
dir=$3
. "$(dirname "$0")/../tools/serve.sh"
tmp=$(mktemp -d)
pids=()
cleanup() { for p in ${pids[@]+"${pids[@]}"}; do kill -KILL "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
export LC_ALL=C.UTF-8

printf 'secret-pw\n' | "$kgq" passwd "$tmp/users" alice >/dev/null 2>&1 || { echo "FAIL: kgq passwd"; exit 1; }

# start ARGS...: a server on a free port; sets pid and port.
start() {
  kg_serve_start "$tmp/server.log" "$kgq" --empty "$@" --listen 127.0.0.1:0 serve || exit 1
  pid=$KG_SERVE_PID
  port=$KG_SERVE_BOLT
  pids=("$pid")
}

status=0
for script in "$dir"/*.bolt; do
  name=$(basename "$script" .bolt)
  case $(sed -n '1s/^# server: *//p' "$script") in
    auth) start --users "$tmp/users" ;;
    open) start --no-auth ;;
    *) echo "FAIL: $name: its first line must be '# server: auth' or '# server: open'"; status=1; continue ;;
  esac
  "$client" "$port" "$script" >"$tmp/$name.out" 2>&1 || echo "--- bolt-client exited with $?" >>"$tmp/$name.out"
  kg_serve_stop "$pid" || { echo "FAIL: $name: the server did not stop cleanly"; cat "$tmp/server.log"; status=1; }
  pids=()
  if [ "${KG_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/$name.out" "$dir/$name.out"
    echo "updated $dir/$name.out"
  elif ! diff -u "$dir/$name.out" "$tmp/$name.out"; then
    echo "FAIL: transcript $name differs"
    status=1
  else
    echo "ok $name"
  fi
done
exit $status
