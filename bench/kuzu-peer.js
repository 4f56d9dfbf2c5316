// kuzu-peer.js — the Kùzu side of the benchmark's peer run.
//
// Loads the CSV files written by gen-social into a fresh Kùzu database with
// COPY (the kuzudb-study schema), runs each saved query several times, and
// prints machine-readable lines on stdout:
//   load MS
//   query NAME MS MS ...     (one wall time per run, milliseconds; NAME is the
//                            query file's name without .cypher)
//   rss_baseline KB          (the node process after loading the module)
//   rss_peak KB              (VmHWM of the whole process at the end)
// The rows of each query's last run go to OUT/kuzu-NAME.tsv (header line,
// then tab-separated rows) for bench/compare-rows.js.
//
// It does not install Kùzu (bench/run.sh does, into a temporary folder) and
// is never part of kgq's build or tests.
//
// Usage: node kuzu-peer.js DATA_DIR OUT_DIR RUNS DB_PATH QUERY.cypher...
//   DB_PATH ':memory:' for an in-memory database.
//   KUZU_THREADS=N limits query threads (default: Kùzu's, all cores).

"use strict";

const fs = require("fs");
const path = require("path");
const kuzu = require("kuzu");

function rssKb(field) {
  const m = fs.readFileSync("/proc/self/status", "utf8").match(new RegExp(field + ":\\s+(\\d+)"));
  return m ? Number(m[1]) : 0;
}

function cell(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

// Kùzu reads the neo4j-admin header line as a plain header and maps the
// columns by position, so the tables list the columns in file order.
const schema = [
  "CREATE NODE TABLE Person(id INT64, name STRING, gender STRING, birthday DATE, age INT64, isMarried BOOLEAN, PRIMARY KEY (id))",
  "CREATE NODE TABLE City(id INT64, city STRING, state STRING, country STRING, lat FLOAT, lon FLOAT, population INT64, PRIMARY KEY (id))",
  "CREATE NODE TABLE State(id INT64, state STRING, country STRING, PRIMARY KEY (id))",
  "CREATE NODE TABLE Country(id INT64, country STRING, PRIMARY KEY (id))",
  "CREATE NODE TABLE Interest(id INT64, interest STRING, PRIMARY KEY (id))",
  "CREATE REL TABLE Follows(FROM Person TO Person)",
  "CREATE REL TABLE LivesIn(FROM Person TO City)",
  "CREATE REL TABLE HasInterest(FROM Person TO Interest)",
  "CREATE REL TABLE CityIn(FROM City TO State)",
  "CREATE REL TABLE StateIn(FROM State TO Country)",
];

const copies = [
  ["Person", "persons.csv"],
  ["City", "cities.csv"],
  ["State", "states.csv"],
  ["Country", "countries.csv"],
  ["Interest", "interests.csv"],
  ["Follows", "follows.csv"],
  ["LivesIn", "lives_in.csv"],
  ["HasInterest", "has_interest.csv"],
  ["CityIn", "city_in.csv"],
  ["StateIn", "state_in.csv"],
];

// Drops '//' comment lines: the saved queries carry a comment header.
function queryText(file) {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => !/^\s*\/\//.test(l))
    .join("\n")
    .trim();
}

async function main() {
  const [dataDir, outDir, runsArg, dbPath, ...queryFiles] = process.argv.slice(2);
  const runs = Number(runsArg);
  if (!dataDir || !outDir || !(runs > 0) || !dbPath || queryFiles.length === 0) {
    console.error("usage: node kuzu-peer.js DATA_DIR OUT_DIR RUNS DB_PATH QUERY.cypher...");
    process.exit(2);
  }
  console.log(`rss_baseline ${rssKb("VmRSS")}`);

  const t0 = process.hrtime.bigint();
  const db = new kuzu.Database(dbPath);
  const conn = new kuzu.Connection(db);
  if (process.env.KUZU_THREADS) await conn.setMaxNumThreadForExec(Number(process.env.KUZU_THREADS));
  for (const s of schema) await conn.query(s);
  for (const [table, file] of copies) {
    const p = path.resolve(dataDir, file).replace(/'/g, "\\'");
    await conn.query(`COPY ${table} FROM '${p}' (HEADER=true)`);
  }
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`load ${loadMs.toFixed(3)}`);

  for (let k = 0; k < queryFiles.length; k++) {
    const text = queryText(queryFiles[k]);
    const times = [];
    let rows = null;
    let columns = null;
    for (let r = 0; r < runs; r++) {
      const t = process.hrtime.bigint();
      const res = await conn.query(text);
      rows = await res.getAll();
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      columns = res.getColumnNames ? await res.getColumnNames() : rows.length ? Object.keys(rows[0]) : [];
      res.close();
    }
    const name = path.basename(queryFiles[k], ".cypher");
    console.log(`query ${name} ${times.map((x) => x.toFixed(3)).join(" ")}`);
    const lines = [columns.join("\t")];
    for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join("\t"));
    fs.writeFileSync(path.join(outDir, `kuzu-${name}.tsv`), lines.join("\n") + "\n");
  }
  console.log(`rss_peak ${rssKb("VmHWM")}`);
}

main().catch((e) => {
  console.error(`kuzu-peer: ${e.message || e}`);
  process.exit(1);
});
