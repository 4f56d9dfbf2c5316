#!/usr/bin/env bash
# bench/run.sh — the social-network benchmark: kgq, and optionally Kùzu beside it.
#
# Generates the data with bench/gen-social (cached under bench/data/), then for each of
# the nine queries in bench/queries/ and each variant in bench/variants/ starts one kgq
# process that loads the CSV files and runs the query RUNS times (`kgq --nodes=...
# --relationships=... --timing run`), and prints the load time, the median time of each
# query and the peak memory (max RSS), and how long the same graph takes to load from a
# binary snapshot (`--db`). It also builds the floor (../shared/bench/floor.c, next to
# the repository: plain C over arrays doing only the work each of the nine answers
# needs), runs it on the same files and prints kgq/floor for the nine.
# With --kuzu it installs the npm package kuzu into a temporary folder (never into the
# project), loads the same CSV files with COPY, runs the same queries the same number of
# times in one process, checks that both return the same rows, and prints the ratios.
# --threads N is passed to kgq as `--threads N` (kgq must have the option).
# --threads-sweep "1 2 ..." runs kgq's side once per thread count (the main table shows
# the first) and adds a table with a column per count, the speedup of each over the
# first, and whether every count returned the same rows as the first.
# Every run of a sweep imports on the same threads (`--import-threads`, the cores kgq
# may use), so its columns differ only in the statements' threads.
#
# It only reads the repository; results go to bench/out/ (git-ignored). It is not run by
# ctest: at the default size it takes about a minute, at a million persons much longer.
#
# Usage: bench/run.sh [--persons N] [--seed S] [--super-base N] [--runs R] [--kuzu]
#                     [--kuzu-only] [--kuzu-version V] [--kuzu-in-memory] [--kgq PATH]
#                     [--build DIR] [--threads N] [--threads-sweep "N ..."] [--no-floor]
#                     [--no-variants]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

persons=100000
seed=0
super_base=
runs=5
kuzu=0
kgq_side=1
kuzu_version=0.11.3
kuzu_memory=0
kgq=
build=build-bench
threads=
sweep=
floor=1
variants=1
while [ $# -gt 0 ]; do
  case "$1" in
    --persons) persons=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --super-base) super_base=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --kuzu) kuzu=1; shift ;;
    --kuzu-only) kuzu=1; kgq_side=0; shift ;;
    --kuzu-version) kuzu_version=$2; shift 2 ;;
    --kuzu-in-memory) kuzu_memory=1; shift ;;
    --kgq) kgq=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --threads-sweep) sweep=$2; shift 2 ;;
    --no-floor) floor=0; shift ;;
    --no-variants) variants=0; shift ;;
    -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

if [ -n "$sweep" ]; then
  for t in $sweep; do
    [[ "$t" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --threads-sweep takes thread counts, as in \"1 2\"" >&2; exit 2; }
  done
  [ -z "$threads" ] || { echo "run.sh: give --threads or --threads-sweep, not both" >&2; exit 2; }
  threads=${sweep%% *}
fi

[ -x /usr/bin/time ] || { echo "run.sh: needs /usr/bin/time (Debian package 'time') for peak memory" >&2; exit 1; }

# --- Build ---------------------------------------------------------------------------
if { [ -z "$kgq" ] && [ "$kgq_side" = 1 ]; } || [ ! -x "$build/bench/gen-social" ]; then
  echo "run.sh: building (Release) in $build/" >&2
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  targets=(gen-social)
  [ -z "$kgq" ] && [ "$kgq_side" = 1 ] && targets+=(kgq-cli)
  nice cmake --build "$build" -j2 --target "${targets[@]}" >/dev/null
fi
gen=$build/bench/gen-social
thread_args=()
if [ "$kgq_side" = 1 ]; then
  [ -n "$kgq" ] || kgq=$build/cli/kgq
  [ -x "$kgq" ] || { echo "run.sh: no kgq binary at $kgq (build it, or pass --kgq PATH)" >&2; exit 1; }
  if [ -n "$threads" ]; then
    "$kgq" --help-all 2>/dev/null | grep -q -- '--threads' \
      || { echo "run.sh: $kgq has no --threads option (this build runs a query on one thread)" >&2; exit 1; }
    thread_args=(--threads "$threads")
  fi
  if [ -n "$sweep" ]; then
    "$kgq" --help-all 2>/dev/null | grep -q -- '--import-threads' \
      || { echo "run.sh: $kgq has no --import-threads option (needed by --threads-sweep)" >&2; exit 1; }
    thread_args+=(--import-threads "$(nproc)")
  fi
fi
# The floor is read from the shared folder beside the repository, never copied in.
floor_src=$root/../shared/bench/floor.c
if [ "$floor" = 1 ] && [ "$kgq_side" = 1 ]; then
  if [ -f "$floor_src" ]; then
    if [ ! -x "$build/floor" ] || [ "$floor_src" -nt "$build/floor" ]; then
      mkdir -p "$build"
      cc -O2 -march=native -o "$build/floor" "$floor_src" \
        || { echo "run.sh: could not build $floor_src" >&2; exit 1; }
    fi
  else
    echo "run.sh: no $floor_src: the table has no floor column" >&2
    floor=0
  fi
else
  floor=0
fi

# The queries: the nine of the study, then the variants (same schema, other shapes).
names=()
files=()
for q in 1 2 3 4 5 6 7 8 9; do names+=("q$q"); files+=("bench/queries/q$q.cypher"); done
if [ "$variants" = 1 ]; then
  for f in bench/variants/*.cypher; do
    [ -f "$f" ] || continue
    names+=("$(basename "$f" .cypher)")
    files+=("$f")
  done
fi

# --- Data ----------------------------------------------------------------------------
tag="p${persons}-s${seed}${super_base:+-b$super_base}"
data=bench/data/$tag
if [ ! -f "$data/.done" ]; then
  echo "run.sh: generating $data" >&2
  rm -rf "$data"
  "$gen" --persons "$persons" --seed "$seed" ${super_base:+--super-base "$super_base"} --out "$data"
  touch "$data/.done"
fi
out=bench/out/$tag
rm -rf "$out"
mkdir -p "$out"

import_args=(
  "--nodes=Person=$data/persons.csv" "--nodes=City=$data/cities.csv"
  "--nodes=State=$data/states.csv" "--nodes=Country=$data/countries.csv"
  "--nodes=Interest=$data/interests.csv"
  "--relationships=Follows=$data/follows.csv" "--relationships=LivesIn=$data/lives_in.csv"
  "--relationships=HasInterest=$data/has_interest.csv" "--relationships=CityIn=$data/city_in.csv"
  "--relationships=StateIn=$data/state_in.csv"
)

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# --- kgq -----------------------------------------------------------------------------
# run_kgq DIR THREAD-ARGS...: every query in one process each, files into DIR
run_kgq() {
  local dir=$1 q file r rss i
  shift
  : > "$dir/kgq-loads"
  for ((i = 0; i < ${#names[@]}; i++)); do
    q=${names[$i]}
    file=$out/$q-x$runs.cypher
    for ((r = 0; r < runs; r++)); do cat "${files[$i]}"; echo; done > "$file"
    if ! /usr/bin/time -f '%M' -o "$dir/kgq-$q.rss" \
        "$kgq" "${import_args[@]}" "$@" --timing --format tsv run "$file" \
        > "$dir/kgq-$q.out" 2> "$dir/kgq-$q.err"; then
      echo "run.sh: kgq failed on $q:" >&2
      tail -n 5 "$dir/kgq-$q.err" >&2
      exit 1
    fi
    sed -n 's/^timing: load \([0-9.]*\) ms$/\1/p' "$dir/kgq-$q.err" >> "$dir/kgq-loads"
    sed -n 's/^timing: statement [0-9]* \([0-9.]*\) ms$/\1/p' "$dir/kgq-$q.err" > "$dir/kgq-$q.times"
    [ "$(wc -l < "$dir/kgq-$q.times")" -eq "$runs" ] \
      || { echo "run.sh: $q: expected $runs 'timing: statement' lines in $dir/kgq-$q.err" >&2; exit 1; }
    rss=$(tail -n 1 "$dir/kgq-$q.rss")
    if [ "$rss" -gt "$kgq_rss" ]; then kgq_rss=$rss; fi
  done
}
kgq_rss=0
if [ "$kgq_side" = 1 ]; then
  echo "run.sh: kgq: $runs runs of each query, one process per query${threads:+, --threads $threads}" >&2
  run_kgq "$out" "${thread_args[@]}"
fi
# The other counts of a sweep (the first is the run above); their peak memory is theirs.
sweep_dir() { if [ "$1" = "$threads" ]; then echo "$out"; else echo "$out/threads-$1"; fi; }
if [ "$kgq_side" = 1 ] && [ -n "$sweep" ]; then
  main_rss=$kgq_rss
  for t in $sweep; do
    [ "$t" = "$threads" ] && continue
    echo "run.sh: kgq: $runs runs of each query, one process per query, --threads $t" >&2
    mkdir -p "$out/threads-$t"
    kgq_rss=0
    run_kgq "$out/threads-$t" --threads "$t" --import-threads "$(nproc)"
  done
  kgq_rss=$main_rss
fi

# A binary snapshot of the same graph (`kgq import -o`), and how long it takes to load.
: > "$out/kgq-snapshot-loads"
if [ "$kgq_side" = 1 ]; then
  if "$kgq" "${import_args[@]}" import -o "$out/social.kgq" > /dev/null 2> "$out/kgq-save.err"; then
    for ((r = 0; r < 3; r++)); do
      "$kgq" --db "$out/social.kgq" --timing -c 'RETURN 1;' 2>&1 > /dev/null \
        | sed -n 's/^timing: load \([0-9.]*\) ms$/\1/p' >> "$out/kgq-snapshot-loads"
    done
  fi
  rm -f "$out/social.kgq"
fi

# --- Floor ---------------------------------------------------------------------------
# One process, the same files, RUNS repetitions of each of the nine: a line per query,
# {"q": i, "median_s": ..., "answer": ...}.
if [ "$floor" = 1 ]; then
  echo "run.sh: floor: $runs runs of each of the nine" >&2
  "$build/floor" "$data" "$runs" > "$out/floor.log" 2> "$out/floor.err" \
    || { echo "run.sh: the floor failed:" >&2; tail -n 5 "$out/floor.err" >&2; exit 1; }
fi
floor_ms() {
  if [ "$floor" = 1 ]; then
    sed -n "s/^{\"q\": ${1#q}, \"median_s\": \([0-9.e-]*\),.*/\1/p" "$out/floor.log" | awk '{ printf "%.6f", $1 * 1000 }'
  fi
}

# --- Kùzu ----------------------------------------------------------------------------
if [ "$kuzu" = 1 ]; then
  command -v node >/dev/null && command -v npm >/dev/null \
    || { echo "run.sh: --kuzu needs node and npm" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "run.sh: installing kuzu@$kuzu_version into a temporary folder" >&2
  (cd "$tmp" && npm init -y >/dev/null 2>&1 \
    && npm install --no-audit --no-fund --loglevel=error "kuzu@$kuzu_version" >/dev/null 2>&1) \
    || { echo "run.sh: npm install kuzu@$kuzu_version failed" >&2; exit 1; }
  # The package ships prebuilt binaries; its install script copies the right one.
  if [ ! -f "$tmp/node_modules/kuzu/kuzujs.node" ]; then
    (cd "$tmp/node_modules/kuzu" && node install.js >/dev/null)
  fi
  dbpath=$tmp/db
  [ "$kuzu_memory" = 1 ] && dbpath=:memory:
  echo "run.sh: Kùzu: load with COPY, $runs runs of each query, one process" >&2
  queries=()
  for f in "${files[@]}"; do queries+=("$root/$f"); done
  NODE_PATH=$tmp/node_modules /usr/bin/time -f '%M' -o "$out/kuzu.rss" \
    node bench/kuzu-peer.js "$data" "$out" "$runs" "$dbpath" "${queries[@]}" \
    > "$out/kuzu.log" 2> "$out/kuzu.err" \
    || { echo "run.sh: the Kùzu run failed:" >&2; tail -n 5 "$out/kuzu.err" >&2; exit 1; }
  kuzu_load=$(sed -n 's/^load //p' "$out/kuzu.log")
  kuzu_rss=$(tail -n 1 "$out/kuzu.rss")
fi

# --- Report --------------------------------------------------------------------------
follows=$(($(wc -l < "$data/follows.csv") - 1))
ms() { awk -v x="$1" 'BEGIN { if (x == "") print "-"; else if (x >= 1000) printf "%.2f s", x / 1000; else if (x >= 1) printf "%.1f ms", x; else printf "%.3f ms", x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.1f×", a / b; else print "-" }'; }
mb() { awk -v k="$1" 'BEGIN { if (k == "" || k == 0) print "-"; else if (k >= 1048576) printf "%.2f GB", k / 1048576; else printf "%.0f MB", k / 1024 }'; }
# geomean LIST: the geometric mean of the ratios a/b in "a b" lines on stdin
geomean() { awk '$1 > 0 && $2 > 0 { s += log($1 / $2); n++ } END { if (n) printf "%.1f×", exp(s / n); else print "-" }'; }
# row CELLS...: one table row of the columns in use
row() {
  local line="| $1 | $2 |"
  [ "$floor" = 1 ] && line+=" $3 | $4 |"
  [ "$kuzu" = 1 ] && line+=" $5 | $6 | $7 |"
  echo "$line"
}
{
  echo "# kgq social-network benchmark: $persons persons, $follows follows (seed $seed${super_base:+, super base $super_base}), median of $runs runs${threads:+, kgq --threads $threads}"
  echo
  k_load=
  [ "$kgq_side" = 1 ] && k_load=$(median < "$out/kgq-loads")
  row "" "kgq" "floor" "kgq / floor" "Kùzu $kuzu_version" "Kùzu / kgq" "rows"
  row "---" "---:" "---:" "---:" "---:" "---:" "---"
  row "load" "$(ms "$k_load")" "" "" "$(ms "${kuzu_load:-}")" "$(ratio "${kuzu_load:-}" "$k_load")" ""
  if [ -s "$out/kgq-snapshot-loads" ]; then
    row "load from a snapshot (\`--db\`)" "$(ms "$(median < "$out/kgq-snapshot-loads")")" "" "" "" "" ""
  fi
  : > "$out/ratios-floor"
  : > "$out/ratios-kuzu-nine"
  : > "$out/ratios-kuzu-variants"
  agree_nine=0
  agree_var=0
  n_var=0
  for ((i = 0; i < ${#names[@]}; i++)); do
    q=${names[$i]}
    if [ "$i" = 9 ]; then
      row "**variants**" "" "" "" "" "" ""
    fi
    k=
    [ "$kgq_side" = 1 ] && k=$(median < "$out/kgq-$q.times")
    f=
    [ "$i" -lt 9 ] && f=$(floor_ms "$q")
    [ -n "$f" ] && [ -n "$k" ] && echo "$k $f" >> "$out/ratios-floor"
    z=
    verdict=
    if [ "$kuzu" = 1 ]; then
      z=$(sed -n "s/^query $q //p" "$out/kuzu.log" | tr ' ' '\n' | median)
      if [ "$kgq_side" = 1 ]; then
        if verdict=$(node bench/compare-rows.js "$out/kgq-$q.out" "$runs" "$out/kuzu-$q.tsv" "${files[$i]}"); then
          if [ "$i" -lt 9 ]; then agree_nine=$((agree_nine + 1)); else agree_var=$((agree_var + 1)); fi
        fi
        if [ "$i" -lt 9 ]; then echo "$z $k" >> "$out/ratios-kuzu-nine"; else echo "$z $k" >> "$out/ratios-kuzu-variants"; fi
      fi
    fi
    [ "$i" -ge 9 ] && n_var=$((n_var + 1))
    label=$q
    [ "$i" -ge 9 ] && label="$q: $(sed -n '1s|^// *||p' "${files[$i]}")"
    row "$label" "$(ms "$k")" "$(ms "$f")" "$(ratio "$k" "$f")" "$(ms "$z")" "$(ratio "$z" "$k")" "$verdict"
  done
  if [ "$kgq_side" = 1 ]; then
    row "geometric mean q1–q9" "" "" "$(geomean < "$out/ratios-floor")" "" "$(geomean < "$out/ratios-kuzu-nine")" \
      "$([ "$kuzu" = 1 ] && echo "$agree_nine/9 agree")"
    [ "$n_var" -gt 0 ] && [ "$kuzu" = 1 ] \
      && row "geometric mean of the variants" "" "" "" "" "$(geomean < "$out/ratios-kuzu-variants")" "$agree_var/$n_var agree"
  fi
  row "peak memory (max RSS)" "$(mb "$kgq_rss")" "" "" "$(mb "${kuzu_rss:-}")" "$(ratio "${kuzu_rss:-}" "$kgq_rss")" ""
  echo
  if [ "$kgq_side" = 1 ] && [ -n "$sweep" ]; then
    # the sweep: a column per thread count, the speedup of each over the first
    head="| threads |"
    rule="| --- |"
    for t in $sweep; do head+=" $t |"; rule+=" ---: |"; done
    for t in $sweep; do [ "$t" = "$threads" ] || { head+=" $t / $threads |"; rule+=" ---: |"; }; done
    echo "$head rows |"
    echo "$rule --- |"
    line="| load |"
    for t in $sweep; do line+=" $(ms "$(median < "$(sweep_dir "$t")/kgq-loads")") |"; done
    base=$(median < "$out/kgq-loads")
    for t in $sweep; do
      [ "$t" = "$threads" ] || line+=" $(ratio "$base" "$(median < "$(sweep_dir "$t")/kgq-loads")") |"
    done
    echo "$line |"
    for ((i = 0; i < ${#names[@]}; i++)); do
      q=${names[$i]}
      line="| $q |"
      for t in $sweep; do line+=" $(ms "$(median < "$(sweep_dir "$t")/kgq-$q.times")") |"; done
      base=$(median < "$out/kgq-$q.times")
      same=same
      for t in $sweep; do
        [ "$t" = "$threads" ] && continue
        d=$(sweep_dir "$t")
        line+=" $(ratio "$base" "$(median < "$d/kgq-$q.times")") |"
        cmp -s "$out/kgq-$q.out" "$d/kgq-$q.out" || same="differ at $t threads"
      done
      echo "$line $same |"
    done
    echo
  fi
  note="Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), load average $(cut -d ' ' -f 1-3 /proc/loadavg) at the end."
  note+=" kgq's times are its own 'timing:' lines."
  [ "$floor" = 1 ] && note+=" The floor's are its own medians (floor.c, cc -O2 -march=native)."
  [ "$kuzu" = 1 ] && note+=" Kùzu's are wall times around query() and getAll() in one node process (its peak memory includes node itself, about 45 MB)."
  echo "$note"
} | tee "$out/results.md"
