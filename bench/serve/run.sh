#!/usr/bin/env bash
# bench/serve/run.sh — throughput and latency of `kgq serve` over Bolt against the same
# statements through lib/kgq.h in-process, on the social network's persons.
#
# For each statement (a point lookup, MATCH (p:Person {id: $id}) RETURN p.name, and a
# one-node CREATE) and 1, 4 and 16 concurrent clients: the official neo4j-driver
# (installed with npm into a temporary folder, never into the project) against a
# `kgq serve --no-auth` on 127.0.0.1, and serve-inprocess with one session a thread.
# Prints a table of statements a second and p50/p99 latency. Run by hand, not by ctest.
#
# Usage: bench/serve/run.sh [--persons N] [--seconds S] [--clients "1 4 16"] [--build DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
persons=100000
seconds=5
client_counts="1 4 16"
build=build-bench
while [ $# -gt 0 ]; do
  case "$1" in
    --persons) persons=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --clients) client_counts=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: bench/serve/run.sh [--persons N] [--seconds S] [--clients \"1 4 16\"] [--build DIR]" >&2; exit 2 ;;
  esac
done

echo "serve: building (Release) in $build/" >&2
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
nice cmake --build "$build" -j2 --target kgq-cli serve-inprocess gen-social >/dev/null
data=bench/data/p$persons-s0
if [ ! -f "$data/.done" ]; then  # the same data, and cache, as bench/run.sh
  echo "serve: generating $data" >&2
  rm -rf "$data"
  "$build/bench/gen-social" --persons "$persons" --seed 0 --out "$data" >&2
  touch "$data/.done"
fi

tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
echo "serve: installing neo4j-driver into a temporary folder" >&2
(cd "$tmp" && npm install --no-audit --no-fund --no-save --silent neo4j-driver@6 >npm.log 2>&1) ||
  { echo "serve: npm could not install neo4j-driver" >&2; exit 1; }

results=$tmp/results
for kind in lookup create; do
  for clients in $client_counts; do
    # a fresh server each run, so the CREATEs of one run do not weigh on the next
    "$build/cli/kgq" "--nodes=Person=$data/persons.csv" --id-type integer --no-auth \
      --listen 127.0.0.1:0 serve 2>"$tmp/server.log" &
    pid=$!
    port=""
    for _ in $(seq 600); do
      port=$(sed -n 's/^kgq serve: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/server.log" 2>/dev/null)
      [ -n "$port" ] && break
      sleep 0.05
    done
    [ -n "$port" ] || { echo "serve: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
    NODE_PATH="$tmp/node_modules" node -e '
      const neo4j = require("neo4j-driver");
      const d = neo4j.driver(`bolt://127.0.0.1:${process.argv[1]}`);
      d.executeQuery("CREATE INDEX IF NOT EXISTS FOR (p:Person) ON (p.id)").then(() => d.close());' "$port"
    NODE_PATH="$tmp/node_modules" node bench/serve/bolt.js "$port" "$kind" "$clients" "$seconds" "$persons" | tee -a "$results"
    kill -TERM "$pid"; wait "$pid" || true; pid=""
    "$build/bench/serve/serve-inprocess" "$data/persons.csv" "$kind" "$clients" "$seconds" | tee -a "$results"
  done
done

echo
echo "# kgq serve over Bolt vs lib/kgq.h in-process: $persons persons, ${seconds} s a run"
echo
echo "| statement | clients | Bolt stmts/s | Bolt p50 | Bolt p99 | in-process stmts/s | in-process p50 | in-process p99 |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for kind in lookup create; do
  for clients in $client_counts; do
    b=$(grep "^bolt $kind clients=$clients " "$results")
    i=$(grep "^in-process $kind clients=$clients " "$results")
    f() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
    echo "| $kind | $clients | $(f "$b" per_second) | $(f "$b" p50_us) µs | $(f "$b" p99_us) µs | $(f "$i" per_second) | $(f "$i" p50_us) µs | $(f "$i" p99_us) µs |"
  done
done
echo
echo "Machine: $(nproc) cores; the driver runs in one node process beside the server, which it shares the cores with."
