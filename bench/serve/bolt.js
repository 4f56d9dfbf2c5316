// bench/serve/bolt.js — the Bolt side of bench/serve: CLIENTS sessions of the official
// neo4j-driver, each on its own connection, run one statement back to back for SECONDS
// against a kgq serve at PORT (--no-auth): `lookup` is MATCH (p:Person {id: $id})
// RETURN p.name with a random id in 1..PERSONS, `create` is CREATE (:Bench {client:
// $c, i: $i}). Prints the same line as serve-inprocess.
//   node bolt.js PORT lookup|create CLIENTS SECONDS PERSONS
'use strict';
const neo4j = require('neo4j-driver');

const [port, kind, clientsArg, secondsArg, personsArg] = process.argv.slice(2);
const clients = Number(clientsArg), seconds = Number(secondsArg), persons = Number(personsArg);
const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, undefined, {
  maxConnectionPoolSize: clients + 1,
  logging: { level: 'error', logger: () => {} },
});
const query = kind === 'create' ? 'CREATE (:Bench {client: $c, i: $i})' : 'MATCH (p:Person {id: $id}) RETURN p.name';

async function client(c, deadline, latencies) {
  const session = driver.session();
  try {
    for (let i = 0; process.hrtime.bigint() < deadline; i++) {
      const params = kind === 'create'
        ? { c: neo4j.int(c), i: neo4j.int(i) }
        : { id: neo4j.int(1 + Math.floor(Math.random() * persons)) };
      const t0 = process.hrtime.bigint();
      await session.run(query, params);
      latencies.push(Number(process.hrtime.bigint() - t0));
    }
  } finally {
    await session.close();
  }
}

(async () => {
  await driver.verifyConnectivity();
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const all = [];
  await Promise.all([...Array(clients).keys()].map((c) => client(c, deadline, all)));
  all.sort((a, b) => a - b);
  const n = all.length;
  const pct = (p) => (n ? all[Math.min(n - 1, Math.floor(n * p))] / 1000 : 0).toFixed(1);
  console.log(`bolt ${kind} clients=${clients} statements=${n} per_second=${(n / seconds).toFixed(0)} p50_us=${pct(0.5)} p99_us=${pct(0.99)}`);
  await driver.close();
})().catch((e) => { console.error('bolt.js:', e.message); process.exit(1); });
