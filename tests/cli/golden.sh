#!/usr/bin/env bash
# tests/cli/golden.sh CASE.sh KGQ — runs one CLI golden case and compares its output.
#
# The case is a small shell script run from its own folder with $KGQ pointing at the
# program; its stdout, its stderr and its exit status are written one after the other
# and compared with CASE.out. KG_UPDATE_GOLDEN=1 rewrites CASE.out instead (review the
# diff). The case runs with stdout and stdin not on a terminal.
set -u
case_file=$1
export KGQ=$2
dir=$(cd "$(dirname "$case_file")" && pwd)
name=$(basename "$case_file" .sh)
expected="$dir/$name.out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8 TMPDIR="$tmp" XDG_STATE_HOME="$tmp/state"

(cd "$dir" && bash "./$name.sh" </dev/null >"$tmp/stdout" 2>"$tmp/stderr")
code=$?
{
  cat "$tmp/stdout"
  echo "--- stderr"
  cat "$tmp/stderr"
  echo "--- exit $code"
} >"$tmp/actual"

if [ "${KG_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$tmp/actual" "$expected"
  echo "updated $expected"
  exit 0
fi
if [ ! -f "$expected" ]; then
  echo "missing $expected; run with KG_UPDATE_GOLDEN=1 to create it, then review it" >&2
  cat "$tmp/actual"
  exit 1
fi
diff -u "$expected" "$tmp/actual"
