#!/usr/bin/env bash
# bench/algorithms.sh — times algo.pageRank, algo.wcc and algo.louvain on the social
# network's persons and follows against igraph called directly on the same edges
# (bench/igraph-direct.c), and prints a Markdown table of CPU time and peak memory.
#
# Times are CPU milliseconds (user + system), since the machine may be shared: for kgq,
# a process that runs the call minus one that only loads the data; for igraph, the
# process's own CPU clock around each call (its graph already built). Peak memory is
# the process's maximum resident set (/usr/bin/time %M): for kgq the data, the
# projection and the algorithm; for igraph its graph and the algorithm, one process per
# algorithm.
#
# Usage: bench/algorithms.sh [PERSONS [SUPER_BASE]]   (default 100000; the million-person
# run is `bench/algorithms.sh 1000000 100000`). The data is generated once into
# bench/data/ by gen-social, as bench/run.sh names it. Needs /usr/bin/time. Not part of
# ctest. ALGOS="pageRank wcc" limits the algorithms.
set -euo pipefail
persons=${1:-100000}
super_base=${2:-}
build=${BUILD:-build}
data=bench/data/p${persons}-s0${super_base:+-b$super_base}
if [ ! -f "$data/.done" ]; then
  rm -rf "$data"
  "$build/bench/gen-social" --persons "$persons" --seed 0 ${super_base:+--super-base "$super_base"} --out "$data"
  touch "$data/.done"
fi
kgq=$build/cli/kgq
args=("--nodes=Person=$data/persons.csv" "--relationships=Follows=$data/follows.csv")
tmp=$(mktemp)
out=$(mktemp)
trap 'rm -f "$tmp" "$out"' EXIT
# measure CMD...: runs CMD, leaves its stdout in $out, prints "CPU_MS PEAK_MB".
measure() {
  /usr/bin/time -f '%U %S %M' -o "$tmp" "$@" > "$out"
  awk '{ printf "%.0f %.0f\n", ($1 + $2) * 1000, $3 / 1024 }' "$tmp"
}
read -r load_ms load_mb < <(measure "$kgq" "${args[@]}" -c "RETURN 1")
edges=$(($(wc -l < "$data/follows.csv") - 1))
echo "persons $persons, follows $edges; kgq load alone: $load_ms ms CPU, $load_mb MB peak (load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| algorithm | kgq CPU ms (call) | kgq peak MB | igraph CPU ms | igraph peak MB |"
echo "|---|---:|---:|---:|---:|"
for algo in ${ALGOS:-pageRank wcc louvain}; do
  read -r ms mb < <(measure "$kgq" "${args[@]}" -c "CALL algo.$algo({nodeLabels: ['Person'], relationshipTypes: ['Follows']}) YIELD node RETURN count(*)")
  lower=$(echo "$algo" | tr 'A-Z' 'a-z')
  read -r ims imb < <(measure "$build/bench/igraph-direct" "$data/follows.csv" "$lower")
  case $lower in
    pagerank) name=pagerank-power20 ;;
    *) name=$lower ;;
  esac
  igraph_ms=$(awk -v n="$name" '$1 == n { print $2 }' "$out")
  extra=""
  [ "$lower" = pagerank ] && extra=" (PRPACK $(awk '$1 == "pagerank-prpack" { print $2 }' "$out"))"
  echo "| $algo | $((ms - load_ms)) | $mb | $igraph_ms$extra | $imb |"
done
echo
echo "igraph's own build from the CSV: $(awk '$1 == "build" { print $2 }' "$out") ms CPU; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
