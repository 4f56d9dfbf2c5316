#!/usr/bin/env bash
# tests/server/install-driver.sh WORKDIR — installs the official Neo4j JavaScript driver
# (neo4j-driver 6) with npm into WORKDIR, once; later calls find it there. Exits 77
# (the tests' "skipped") only when node or npm is missing or npm cannot fetch the package.
set -u
work=$1
command -v node >/dev/null 2>&1 || { echo "node is not installed (scripts/setup installs it): skipped"; exit 77; }
mkdir -p "$work"
# Two tests may get here at once: one installs while the other waits on the lock, and
# only a finished install counts (npm writes neo4j-driver before its dependencies).
exec 9>"$work/.install.lock"
flock 9
[ -f "$work/.installed" ] && exit 0
command -v npm >/dev/null 2>&1 || { echo "npm is not installed: skipped"; exit 77; }
if ! (cd "$work" && timeout 300 npm install --no-audit --no-fund --no-save --silent neo4j-driver@6 >npm.log 2>&1); then
  echo "npm could not install neo4j-driver (offline?): skipped"
  tail -5 "$work/npm.log"
  exit 77
fi
touch "$work/.installed"
