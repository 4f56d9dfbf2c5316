#!/usr/bin/env bash
# tests/server/crash.sh KGQ WORKDIR — a server killed with SIGKILL while sessions commit
# loses no acknowledged commit. Makes an empty snapshot, serves it with --db (every
# commit journalled and synced before SUCCESS), lets crash.test.js commit from eight
# sessions and kill -9 the server mid-stream, then reopens the database and checks that
# every acknowledged transaction is there whole and that no transaction is there in part
# (three nodes each, or none). Three rounds, the second and third on the journal the
# crash left, then a server restarted on it takes writes again. Installs neo4j-driver
# into WORKDIR as run.sh does (exits 77, skipped, only when npm cannot fetch it).
set -u
kgq=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tools/serve.sh"
bash "$here/install-driver.sh" "$work" || exit $?

tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$tmp/server.log" ] && tail -20 "$tmp/server.log"; exit 1; }

"$kgq" --empty save "$tmp/g.kgq" 2>/dev/null || fail "kgq save"

start() {
  kg_serve_start "$tmp/server.log" "$kgq" --db "$tmp/g.kgq" --no-auth --listen 127.0.0.1:0 serve || fail "the server did not start"
  pid=$KG_SERVE_PID
  port=$KG_SERVE_BOLT
}

: >"$tmp/all-acked"
for round in 1 2 3; do
  start
  NODE_PATH="$work/node_modules" KG_PORT=$port SERVER_PID=$pid ACKED="$tmp/acked" ROUND=$round MIN_ACKED=$((100 * round)) \
    timeout 400 node "$here/crash.test.js" || fail "round $round: the writers failed"
  wait "$pid" 2>/dev/null
  pid=""
  cat "$tmp/acked" >>"$tmp/all-acked"

  # What the database holds after the crash: tx id and how many of its three nodes.
  "$kgq" --db "$tmp/g.kgq" --format tsv -c 'MATCH (w:W) RETURN w.tx AS tx, count(*) AS parts, count(DISTINCT w.part) AS distinct_parts' \
    >"$tmp/held" 2>"$tmp/open.log" || { cat "$tmp/open.log"; fail "round $round: the database does not open after the crash"; }
  awk -F'\t' 'NR > 1 && ($2 != 3 || $3 != 3) { print "transaction " $1 " is there in part: " $2 " nodes"; bad = 1 } END { exit bad }' \
    "$tmp/held" || fail "round $round: a transaction survived in part"
  missing=$(awk -F'\t' 'NR == FNR { if (FNR > 1) held[$1] = 1; next } !($1 in held) { print $1 }' "$tmp/held" "$tmp/all-acked" | head -5)
  [ -z "$missing" ] || fail "round $round: acknowledged commits lost after kill -9: $missing"
  echo "ok round $round: $(wc -l <"$tmp/acked") commits acknowledged, $(($(wc -l <"$tmp/held") - 1)) transactions held, none lost, none in part"
done

# A server restarted on the crashed journal takes writes and keeps them.
start
NODE_PATH="$work/node_modules" node -e '
  const neo4j = require("neo4j-driver");
  const d = neo4j.driver(`bolt://127.0.0.1:${process.argv[1]}`, undefined, { logging: { level: "error", logger: () => {} } });
  d.executeQuery("CREATE (:After {ok: true})").then(() => d.close()).catch((e) => { console.error(e); process.exit(1); });
' "$port" || fail "no write after the restart"
kg_serve_stop "$pid" || fail "the restarted server did not stop cleanly"
pid=""
n=$("$kgq" --db "$tmp/g.kgq" --format tsv -c 'MATCH (a:After) RETURN count(a) AS n' 2>/dev/null | tail -1)
[ "$n" = 1 ] || fail "the write after the restart is not kept ($n)"
echo "ok a restarted server takes writes on the recovered journal"
