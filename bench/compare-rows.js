// compare-rows.js — do kgq's rows for a query agree with Kùzu's?
//
// Usage: node compare-rows.js KGQ_OUT COPIES KUZU_TSV [QUERY]
//   KGQ_OUT   kgq's stdout for a file holding the query COPIES times (TSV)
//   KUZU_TSV  kuzu-peer.js's rows for the query (a header line, then rows)
//   QUERY     the query's file: with it, rows that differ only among those tied
//             with the last row under ORDER BY … LIMIT are accepted (see below)
// Drops KGQ_OUT's header lines (those naming Kùzu's columns), takes the first of the
// COPIES equal parts left, and compares the rows cell by cell: numbers within
// a relative 1e-9 (averages are floats on both sides), anything else as text. Rows
// that differ only in order are accepted when the query's sort keys tie, which this
// script cannot see, so it says so. Under `ORDER BY k1, k2 … LIMIT n` whose keys are
// returned columns, any rows tied with the n-th on every key may be returned: when
// both sides give the same key values row by row and differ only in rows tied with
// the last one, the rows agree "up to ties at the LIMIT". Prints one line; exits 0
// when the rows agree.
//
// It only reads files; bench/run.sh calls it in the optional Kùzu peer run.

"use strict";

const fs = require("fs");

const [kgqPath, copiesArg, kuzuPath, queryPath] = process.argv.slice(2);
const copies = Number(copiesArg) || 1;

function lines(text) {
  const ls = text.split("\n");
  while (ls.length && ls[ls.length - 1] === "") ls.pop();
  return ls;
}

function cellsEqual(a, b) {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== "" && b.trim() !== "" && Number.isFinite(x) && Number.isFinite(y))
    return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  // Strings may come quoted from one side.
  const unq = (s) => (s.length >= 2 && /^(['"]).*\1$/.test(s) ? s.slice(1, -1) : s);
  return unq(a) === unq(b);
}

function rowsEqual(a, b) {
  const x = a.split("\t");
  const y = b.split("\t");
  return x.length === y.length && x.every((c, i) => cellsEqual(c, y[i]));
}

const kuzu = lines(fs.readFileSync(kuzuPath, "utf8"));
const header = kuzu.shift();
// kgq writes the header once per copy, or once for all when the columns stay the same
let kgq = lines(fs.readFileSync(kgqPath, "utf8")).filter((l) => l.split("\t").map((s) => s.trim()).join("\t") !== header);
if (kgq.length % copies === 0) kgq = kgq.slice(0, kgq.length / copies);

const nrows = `${kuzu.length} row${kuzu.length === 1 ? "" : "s"}`;
if (kgq.length === kuzu.length && kgq.every((r, i) => rowsEqual(r, kuzu[i]))) {
  console.log(`agree (${nrows})`);
  process.exit(0);
}
const sortedK = [...kgq].sort();
const sortedZ = [...kuzu].sort();
if (sortedK.length === sortedZ.length && sortedK.every((r, i) => rowsEqual(r, sortedZ[i]))) {
  console.log(`agree as sets (${nrows} in another order: ties in the sort keys?)`);
  process.exit(0);
}
// The sort keys of the query's last ORDER BY, when a LIMIT follows it and every key
// names a returned column; null otherwise.
function limitSortKeys(query, columns) {
  const text = query.replace(/\/\/.*$/gm, "");
  const m = /ORDER\s+BY\s+([\s\S]*?)\s+(?:SKIP\s+\S+\s+)?LIMIT\s+\S+\s*;?\s*$/i.exec(text);
  if (!m) return null;
  const keys = m[1].split(",").map((k) => k.trim().replace(/\s+(ASC|ASCENDING|DESC|DESCENDING)$/i, ""));
  const idx = keys.map((k) => columns.indexOf(k));
  return idx.every((i) => i >= 0) ? idx : null;
}

if (queryPath && kgq.length === kuzu.length && kgq.length > 0) {
  const keys = limitSortKeys(fs.readFileSync(queryPath, "utf8"), header.split("\t"));
  const keyOf = (r) => keys.map((i) => r.split("\t")[i]);
  const sameKeys = (a, b) => keyOf(a).every((c, i) => cellsEqual(c, keyOf(b)[i]));
  if (keys && kgq.every((r, i) => sameKeys(r, kuzu[i]))) {
    const last = kuzu[kuzu.length - 1];
    const differing = kgq.filter((r, i) => !rowsEqual(r, kuzu[i]));
    if (differing.every((r) => sameKeys(r, last))) {
      console.log(`agree up to ties at the LIMIT (${nrows}; ${differing.length} tied with the last differ)`);
      process.exit(0);
    }
  }
}
console.log(`DIFFER: kgq ${JSON.stringify(kgq.slice(0, 5))} vs Kùzu ${JSON.stringify(kuzu.slice(0, 5))}`);
process.exit(1);
