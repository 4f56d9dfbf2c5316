#!/usr/bin/env bash
# bench/load-csv.sh — LOAD CSV beside the start-up import, per row of the follows file.
#
# Generates the social network as bench/run.sh does (the same cache under bench/data/),
# then loads its follows file (one relationship per row between two persons) two ways
# and prints the time per row of each:
#   - the start-up import, `kgq --nodes=Person=persons.csv --relationships=Follows=...`:
#     its load time less that of the persons alone;
#   - LOAD CSV WITH HEADERS ... MATCH (a:Person {id: ...}), (b:Person {id: ...})
#     CREATE (a)-[:Follows]->(b), after CREATE INDEX on :Person(id): the statement's time;
#   - the same inside CALL (row) { ... } IN TRANSACTIONS OF 10000 ROWS;
#   - the same without the index, on the first --sample rows only (every row then scans
#     the label, so the whole file would take days).
# Each is the median of --runs runs of its own kgq process (`--timing`, wall-clock: run
# it on a quiet machine; it prints `uptime` first). It also checks that LOAD CSV builds
# the same relationships as the import (a count and a checksum over the pairs).
#
# It only reads the repository; the sample file goes beside the generated data. It is not
# run by ctest: at the default size it takes a few minutes.
#
# Usage: bench/load-csv.sh [--persons N] [--seed S] [--runs R] [--sample N] [--kgq PATH]
#                          [--build DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

persons=100000
seed=0
runs=3
sample=100
kgq=
build=build-bench
while [ $# -gt 0 ]; do
  case "$1" in
    --persons) persons=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --sample) sample=$2; shift 2 ;;
    --kgq) kgq=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "load-csv.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

# --- Build and data ------------------------------------------------------------------
data=bench/data/p${persons}-s${seed}
targets=()
[ -n "$kgq" ] || targets+=(kgq-cli)
[ -f "$data/.done" ] || [ -x "$build/bench/gen-social" ] || targets+=(gen-social)
if [ ${#targets[@]} -gt 0 ]; then
  echo "load-csv.sh: building ${targets[*]} (Release) in $build/" >&2
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  nice cmake --build "$build" -j2 --target "${targets[@]}" >/dev/null
fi
[ -n "$kgq" ] || kgq=$build/cli/kgq
if [ ! -f "$data/.done" ]; then
  echo "load-csv.sh: generating $data" >&2
  rm -rf "$data"
  "$build/bench/gen-social" --persons "$persons" --seed "$seed" --out "$data"
  touch "$data/.done"
fi
rows=$(($(wc -l <"$data/follows.csv") - 1))
head -n $((sample + 1)) "$data/follows.csv" >"$data/follows-sample.csv"

# --- Measuring -----------------------------------------------------------------------
# median VALUES...: the middle one (the lower middle for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# ms WHAT ARGS...: runs kgq with ARGS --runs times; prints the median of the `timing:`
# line WHAT ("load" or "statement N") in milliseconds.
ms() {
  local what=$1 t=()
  shift
  for _ in $(seq "$runs"); do
    t+=("$("$kgq" --timing "$@" 2>&1 >/dev/null | awk -v w="timing: $what " 'index($0, w) == 1 { print $(NF - 1) }' | tail -1)")
  done
  median "${t[@]}"
}

per_row() { awk -v ms="$1" -v n="$2" 'BEGIN { printf "%.0f", ms * 1e6 / n }'; }

src="row[':START_ID(Person)']"
dst="row[':END_ID(Person)']"
body="MATCH (a:Person {id: toInteger($src)}), (b:Person {id: toInteger($dst)}) CREATE (a)-[:Follows]->(b)"
load="LOAD CSV WITH HEADERS FROM 'file:///follows.csv' AS row $body"
batched="LOAD CSV WITH HEADERS FROM 'file:///follows.csv' AS row CALL (row) { $body } IN TRANSACTIONS OF 10000 ROWS"
sampled="LOAD CSV WITH HEADERS FROM 'file:///follows-sample.csv' AS row $body"
index="CREATE INDEX FOR (p:Person) ON (p.id)"
check="MATCH (a:Person)-[:Follows]->(b) RETURN count(*) AS n, sum(a.id * 1000003 + b.id) AS checksum"

echo "load-csv.sh: $rows rows in $data/follows.csv, $runs runs each; $(uptime)"
persons_ms=$(ms load --nodes="Person=$data/persons.csv" -c "RETURN 1")
both_ms=$(ms load --nodes="Person=$data/persons.csv" --relationships="Follows=$data/follows.csv" -c "RETURN 1")
import_ms=$(awk -v a="$both_ms" -v b="$persons_ms" 'BEGIN { printf "%.3f", a - b }')
load_ms=$(ms "statement 2" --import-dir "$data" --nodes="Person=$data/persons.csv" -c "$index" -c "$load")
batched_ms=$(ms "statement 2" --import-dir "$data" --nodes="Person=$data/persons.csv" -c "$index" -c "$batched")
noindex_ms=$(ms "statement 1" --import-dir "$data" --nodes="Person=$data/persons.csv" -c "$sampled")

want=$("$kgq" --format csv --nodes="Person=$data/persons.csv" --relationships="Follows=$data/follows.csv" -c "$check" | tail -1)
got=$("$kgq" --format csv --import-dir "$data" --nodes="Person=$data/persons.csv" -c "$index" -c "$load" -c "$check" 2>/dev/null | tail -1)

printf '%-48s %12s %10s\n' "way" "ms" "ns/row"
printf '%-48s %12s %10s\n' "start-up import (--relationships)" "$import_ms" "$(per_row "$import_ms" "$rows")"
printf '%-48s %12s %10s\n' "LOAD CSV + index seeks + CREATE" "$load_ms" "$(per_row "$load_ms" "$rows")"
printf '%-48s %12s %10s\n' "the same IN TRANSACTIONS OF 10000 ROWS" "$batched_ms" "$(per_row "$batched_ms" "$rows")"
printf '%-48s %12s %10s\n' "the same without the index ($sample rows)" "$noindex_ms" "$(per_row "$noindex_ms" "$sample")"
if [ "$want" = "$got" ]; then
  echo "same relationships as the import: $got (count,checksum)"
else
  echo "load-csv.sh: LOAD CSV built other relationships than the import: $got, not $want" >&2
  exit 1
fi
