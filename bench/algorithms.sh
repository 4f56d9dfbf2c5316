#!/usr/bin/env bash
# bench/algorithms.sh — times algo.pageRank, algo.wcc and algo.louvain on the social
# network's persons and follows against igraph called directly on the same edges
# (bench/igraph-direct.c). Times are CPU milliseconds (user + system), since the
# machine may be shared: for kgq, a process that runs the call minus one that only
# loads the data; for igraph, the process's own CPU clock around each call.
#
# Usage: bench/algorithms.sh [PERSONS]   (default 100000; the data is generated once
# into bench/data/ by gen-social). Needs /usr/bin/time. Not part of ctest.
set -euo pipefail
persons=${1:-100000}
build=${BUILD:-build}
data=bench/data/p${persons}-s0
if [ ! -f "$data/.done" ]; then
  rm -rf "$data"
  "$build/bench/gen-social" --persons "$persons" --seed 0 --out "$data"
  touch "$data/.done"
fi
kgq=$build/cli/kgq
args=("--nodes=Person=$data/persons.csv" "--relationships=Follows=$data/follows.csv")
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cpu_ms() {
  /usr/bin/time -f '%U %S' -o "$tmp" "$@" > /dev/null
  awk '{ printf "%.0f\n", ($1 + $2) * 1000 }' "$tmp"
}
load=$(cpu_ms "$kgq" "${args[@]}" -c "RETURN 1")
echo "kgq load ${load}"
for algo in pageRank wcc louvain; do
  t=$(cpu_ms "$kgq" "${args[@]}" -c "CALL algo.$algo({nodeLabels: ['Person'], relationshipTypes: ['Follows']}) YIELD node RETURN count(*)")
  echo "kgq $algo $((t - load))"
done
"$build/bench/igraph-direct" "$data/follows.csv"
