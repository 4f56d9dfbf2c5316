// tests/server/crash.test.js — writers for the kill -9 test (crash.sh). Eight sessions
// each commit explicit transactions of three CREATEs (tx id, part 0..2) and auto-commit
// statements, as fast as the server takes them; every commit the server acknowledged is
// written to ACKED (one id a line). Once MIN_ACKED commits are acknowledged it sends
// SIGKILL to the server (pid SERVER_PID, up to 20 ms later, so other commits are in
// flight), waits for every writer to see its connection fail, and exits 0.
'use strict';
const fs = require('fs');
const neo4j = require('neo4j-driver');

const url = `bolt://127.0.0.1:${process.env.KG_PORT}`;
const serverPid = Number(process.env.SERVER_PID);
const ackedFile = process.env.ACKED;
const minAcked = Number(process.env.MIN_ACKED || 200);
const round = Number(process.env.ROUND || 0); // ids stay distinct across rounds
const driver = neo4j.driver(url, undefined, {
  logging: { level: 'error', logger: () => {} },
  maxTransactionRetryTime: 0,
});

const acked = [];
let killed = false;

async function writer(w) {
  const session = driver.session();
  try {
    for (let i = 0; ; i++) {
      const id = round * 100000000 + w * 1000000 + i;
      if (i % 4 === 3) {
        // an auto-commit statement is its own transaction
        await session.run('CREATE (:W {tx: $id, part: 0}), (:W {tx: $id, part: 1}), (:W {tx: $id, part: 2})',
          { id: neo4j.int(id) });
      } else {
        const tx = session.beginTransaction();
        for (let part = 0; part < 3; part++)
          await tx.run('CREATE (:W {tx: $id, part: $part})', { id: neo4j.int(id), part: neo4j.int(part) });
        await tx.commit();
      }
      acked.push(id);
      if (!killed && acked.length >= minAcked) {
        killed = true;
        // a moment later, so the kill lands while other commits are in flight
        setTimeout(() => process.kill(serverPid, 'SIGKILL'), Math.random() * 20);
      }
    }
  } catch (e) {
    if (!killed) throw e;
    // acknowledgements that came in after the kill was decided count as well
  } finally {
    await session.close().catch(() => {});
  }
}

(async () => {
  // Generous: on a busy machine each synced commit may take long; idle, a round takes a
  // few seconds.
  const timer = setTimeout(() => { console.error('FAIL: writers did not finish'); process.exit(1); },
                           1000 * Number(process.env.KG_TEST_WAIT || 120) * 2);
  await Promise.all([...Array(8).keys()].map(writer));
  clearTimeout(timer);
  fs.writeFileSync(ackedFile, acked.join('\n') + '\n');
  await driver.close().catch(() => {});
  console.log(`ok ${acked.length} commits acknowledged before the kill`);
  process.exit(0);
})().catch((e) => { console.error('FAIL:', e); process.exit(1); });
