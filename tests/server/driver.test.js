// tests/server/driver.test.js — `kgq serve` seen through the official Neo4j JavaScript
// driver (neo4j-driver 6). Started by run.sh with two servers: KG_AUTH_PORT (password
// file: alice / secret-pw) and KG_OPEN_PORT (--no-auth, --timeout 20s or $KG_TEST_STATEMENT_TIMEOUT), both on empty
// graphs. Checks: authentication (a wrong password gets only Unauthorized), every
// value type as a parameter and as a result (and that kgq compares it equal to the
// Cypher literal), nodes, relationships and paths, errors with codes and positions,
// managed transactions, a 1 M-row result streamed with a small fetch size, 16
// concurrent sessions mixing reads and writes, a client killed mid-stream, and
// neo4j:// routing. Exits non-zero on the first failure.
'use strict';
const assert = require('assert');
const { spawn } = require('child_process');
const neo4j = require('neo4j-driver');

const authUrl = `bolt://127.0.0.1:${process.env.KG_AUTH_PORT}`;
const openUrl = `bolt://127.0.0.1:${process.env.KG_OPEN_PORT}`;
// A fresh object each time: the driver writes its defaults into the config it is given.
const quiet = () => ({ logging: { level: 'error', logger: () => {} } });
const t = neo4j.types;

async function expectError(promise, code) {
  try {
    await promise;
  } catch (e) {
    assert.strictEqual(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
    return e;
  }
  assert.fail(`expected ${code}, got success`);
}

async function testAuth() {
  const bad = neo4j.driver(authUrl, neo4j.auth.basic('alice', 'wrong'), quiet());
  const e = await expectError(bad.executeQuery('RETURN 1'), 'Neo.ClientError.Security.Unauthorized');
  assert.ok(!/secret|argon/i.test(e.message), 'the error tells nothing more');
  await bad.close();
  const nobody = neo4j.driver(authUrl, neo4j.auth.basic('mallory', 'secret-pw'), quiet());
  await expectError(nobody.executeQuery('RETURN 1'), 'Neo.ClientError.Security.Unauthorized');
  await nobody.close();
  const none = neo4j.driver(authUrl, undefined, quiet());
  await expectError(none.executeQuery('RETURN 1'), 'Neo.ClientError.Security.Unauthorized');
  await none.close();

  const good = neo4j.driver(authUrl, neo4j.auth.basic('alice', 'secret-pw'), quiet());
  const { records, summary } = await good.executeQuery('RETURN 1 + 1 AS two');
  assert.strictEqual(records[0].get('two').toNumber(), 2);
  assert.strictEqual(summary.server.protocolVersion.major, 5);
  assert.ok(summary.server.agent.includes('kgq'));
  await good.close();
  console.log('ok auth');
}

// [parameter value, the same value as a Cypher literal, optionally how kgq checks it]
const values = [
  [null, 'null'],
  [true, 'true'],
  [false, 'false'],
  [neo4j.int(0), '0'],
  [neo4j.int(-17), '-17'],
  [neo4j.int(300), '300'],
  [neo4j.int('9223372036854775807'), '9223372036854775807'],
  [neo4j.int('-9223372036854775808'), '-9223372036854775807 - 1'],
  [1.5, '1.5'],
  [-0.25e-300, '-0.25e-300'],
  ['', "''"],
  ['héllo ☃ 𝄞', "'héllo ☃ 𝄞'"],
  ['x'.repeat(70000), "reduce(s = '', i IN range(1, 70000) | s + 'x')"],
  [[neo4j.int(1), 'a', [2.5, true]], "[1, 'a', [2.5, true]]"],
  [[null, [null]], '[null, [null]]', '$v[0] IS NULL AND $v[1][0] IS NULL AND size($v) = 2'],
  [{ a: neo4j.int(1), b: { c: ['d'] } }, "{a: 1, b: {c: ['d']}}"],
  [new t.Date(2024, 2, 29), "date('2024-02-29')"],
  [new t.Date(-44, 3, 15), "date('-0044-03-15')"],
  [new t.LocalTime(21, 40, 32, 142000000), "localtime('21:40:32.142')"],
  [new t.Time(21, 40, 32, 1, 3600), "time('21:40:32.000000001+01:00')"],
  [new t.LocalDateTime(2015, 7, 21, 21, 40, 32, 142000000), "localdatetime('2015-07-21T21:40:32.142')"],
  [new t.DateTime(2015, 7, 21, 21, 40, 32, 142000000, -18000), "datetime('2015-07-21T21:40:32.142-05:00')"],
  [new t.DateTime(2015, 7, 21, 21, 40, 32, 142000000, undefined, 'Europe/London'),
    "datetime('2015-07-21T21:40:32.142[Europe/London]')"],
  [new t.DateTime(2024, 1, 15, 8, 0, 0, 0, undefined, 'America/New_York'),
    "datetime('2024-01-15T08:00[America/New_York]')"],
  [new t.Duration(14, 3, 58320, 5), 'duration({months: 14, days: 3, seconds: 58320, nanoseconds: 5})'],
];

function same(a, b) {
  if (a === null || typeof a !== 'object') return Object.is(a, b) || a === b;
  if (neo4j.isInt(a)) return neo4j.isInt(b) && a.equals(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a instanceof t.DateTime && a.timeZoneOffsetSeconds === undefined && b instanceof t.DateTime) {
    // Sent with a zone id alone: the server adds the zone's offset at that instant.
    return ['year', 'month', 'day', 'hour', 'minute', 'second', 'nanosecond'].every(k => same(neo4j.int(a[k]), neo4j.int(b[k]))) &&
      a.timeZoneId === b.timeZoneId;
  }
  if (a.constructor !== Object) return a.constructor === b.constructor && a.toString() === b.toString();
  const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
  return same(ka, kb) && ka.every(k => same(a[k], b[k]));
}

async function testValues(driver) {
  for (const [value, literal, test] of values) {
    const check = test || (value === null ? '$v IS NULL' : `$v = ${literal}`);
    const { records } = await driver.executeQuery(`RETURN $v AS v, ${literal} AS lit, ${check} AS same`, { v: value });
    const r = records[0];
    const show = v => (typeof v === 'string' && v.length > 40 ? `string of ${v.length}` : String(v));
    assert.ok(same(value, r.get('v')), `parameter ${show(value)} came back as ${show(r.get('v'))}`);
    assert.ok(same(value, r.get('lit')), `${literal} came back as ${show(r.get('lit'))}, expected ${show(value)}`);
    assert.strictEqual(r.get('same'), true, `kgq does not see ${show(value)} as ${literal}`);
  }
  console.log(`ok ${values.length} value types round-trip`);
}

async function testEntities(driver) {
  const { records, summary } = await driver.executeQuery(
    "CREATE p = (a:Person:Actor {name: 'Ann', born: 1970})-[r:KNOWS {since: date('2001-02-03')}]->(b:Person {name: 'Bo'}) RETURN a, r, b, p");
  assert.strictEqual(summary.counters.updates().nodesCreated, 2);
  assert.strictEqual(summary.counters.updates().relationshipsCreated, 1);
  assert.strictEqual(summary.counters.updates().propertiesSet, 4);
  assert.strictEqual(summary.queryType, 'rw');
  const [a, r, b, p] = ['a', 'r', 'b', 'p'].map(k => records[0].get(k));
  assert.deepStrictEqual(a.labels.sort(), ['Actor', 'Person']);
  assert.strictEqual(a.properties.name, 'Ann');
  assert.strictEqual(a.properties.born.toNumber(), 1970);
  assert.strictEqual(r.type, 'KNOWS');
  assert.strictEqual(r.properties.since.toString(), '2001-02-03');
  assert.strictEqual(r.startNodeElementId, a.elementId);
  assert.strictEqual(r.endNodeElementId, b.elementId);
  assert.ok(r.start.equals(a.identity) && r.end.equals(b.identity));
  assert.strictEqual(p.length, 1);
  assert.strictEqual(p.start.elementId, a.elementId);
  assert.strictEqual(p.end.elementId, b.elementId);
  assert.strictEqual(p.segments[0].relationship.type, 'KNOWS');

  // A path walked against a relationship's direction.
  const back = await driver.executeQuery("MATCH p = (:Person {name: 'Bo'})<-[:KNOWS]-(:Person) RETURN p");
  const q = back.records[0].get('p');
  assert.strictEqual(q.start.properties.name, 'Bo');
  assert.strictEqual(q.end.properties.name, 'Ann');
  assert.strictEqual(q.segments[0].relationship.startNodeElementId, q.end.elementId);
  await driver.executeQuery('MATCH (n) DETACH DELETE n');
  console.log('ok nodes, relationships, paths');
}

async function testErrors(driver) {
  let e = await expectError(driver.executeQuery('RETURN 1 +'), 'Neo.ClientError.Statement.SyntaxError');
  assert.ok(e.message.includes('1:11'), `no position in: ${e.message}`);
  assert.ok(e.message.includes('^'), 'the message shows the caret');
  e = await expectError(driver.executeQuery('MATCH (n)\nRETURN m'), 'Neo.ClientError.Statement.SemanticError');
  assert.ok(e.message.includes('2:8'), e.message);
  await expectError(driver.executeQuery('RETURN 1 / 0'), 'Neo.ClientError.Statement.ArithmeticError');
  await expectError(driver.executeQuery('RETURN $missing'), 'Neo.ClientError.Statement.ParameterMissing');
  await expectError(driver.executeQuery('RETURN $s - 1', { s: 'a' }), 'Neo.ClientError.Statement.TypeError');
  await expectError(driver.executeQuery('RETURN 1', {}, { database: 'nope' }), 'Neo.ClientError.Database.DatabaseNotFound');
  // After errors the same connection keeps working (RESET brings it back).
  const session = driver.session();
  await expectError(session.run('RETURN 1 / 0'), 'Neo.ClientError.Statement.ArithmeticError');
  const r = await session.run('RETURN 42 AS x');
  assert.strictEqual(r.records[0].get('x').toNumber(), 42);
  // The outcome leads the GQL statuses: success here, no data below.
  assert.deepStrictEqual(r.summary.gqlStatusObjects.map(x => x.gqlStatus), ['00000']);
  // Notifications from kgq's warnings, with their position.
  const w = await session.run('MATCH (a)-[*]->(b) RETURN count(*) AS n');
  const n = w.summary.notifications;
  assert.strictEqual(n.length, 1, 'one notification for an unbounded pattern');
  assert.strictEqual(n[0].position.line, 1);
  assert.strictEqual(n[0].position.column, 10);
  // A label, type and key the graph has never seen: one warning each, on the name.
  const u = await session.run('MATCH (p:Persn)-[:KNOWZ]->(q) RETURN p.nmae AS x');
  const codes = u.summary.notifications.map(x => x.code);
  assert.deepStrictEqual(codes, ['Neo.ClientNotification.Statement.UnknownLabelWarning',
    'Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning',
    'Neo.ClientNotification.Statement.UnknownPropertyKeyWarning']);
  const label = u.summary.notifications[0];
  assert.strictEqual(label.severityLevel, 'WARNING');
  assert.strictEqual(label.rawCategory, 'UNRECOGNIZED');
  assert.strictEqual(label.position.offset, 9);
  assert.strictEqual(label.position.column, 10);
  assert.match(label.description, /the missing label name is: Persn/);
  assert.strictEqual(u.summary.gqlStatusObjects[0].gqlStatus, '02000');
  const gql = u.summary.gqlStatusObjects.filter(x => x.isNotification).map(x => x.gqlStatus);
  assert.deepStrictEqual(gql, ['01N50', '01N51', '01N52']);
  assert.match(u.summary.gqlStatusObjects.find(x => x.gqlStatus === '01N50').statusDescription, /label `Persn` does not exist/);
  // A name the statement creates is no warning.
  const c = await session.run('CREATE (n:Fresh {k: 1}) RETURN n.k AS k');
  assert.strictEqual(c.summary.notifications.length, 0);
  await session.close();
  console.log('ok errors and notifications');
}

// EXPLAIN's plan and PROFILE's profile, operator by operator, as the driver reads them.
async function testPlans(driver) {
  await driver.executeQuery('UNWIND range(1, 5) AS i CREATE (:PlanT {x: i})');
  const query = 'MATCH (n:PlanT) WHERE n.x > 1 RETURN n.x AS x ORDER BY x';
  // The operators from the root down, with their depth.
  const chain = (op, depth = 0, out = []) => {
    out.push([depth, op.operatorType]);
    for (const c of op.children) chain(c, depth + 1, out);
    return out;
  };
  const explain = await driver.executeQuery(`EXPLAIN ${query}`);
  assert.strictEqual(explain.records.length, 0);
  const plan = explain.summary.plan;
  assert.ok(plan, 'EXPLAIN gives summary.plan');
  assert.strictEqual(explain.summary.profile, false);
  assert.deepStrictEqual(chain(plan), [[0, 'Sort@neo4j'], [1, 'Projection@neo4j'], [2, 'Filter@neo4j'], [3, 'LabelScan@neo4j'], [4, 'Unit@neo4j']]);
  assert.strictEqual(plan.arguments.planner, 'COST');
  assert.strictEqual(plan.children[0].children[0].arguments.Details, '(n.x > 1)');
  assert.strictEqual(plan.children[0].children[0].children[0].arguments.EstimatedRows, 5);

  const prof = await driver.executeQuery(`PROFILE ${query}`);
  assert.deepStrictEqual(prof.records.map((r) => r.get('x').toNumber()), [2, 3, 4, 5], 'PROFILE returns the rows');
  const p = prof.summary.profile;
  assert.ok(p, 'PROFILE gives summary.profile');
  assert.deepStrictEqual(chain(p), chain(plan), 'the profile has the plan\'s operators');
  const scan = p.children[0].children[0].children[0];
  assert.strictEqual(p.rows, 4);
  assert.strictEqual(p.children[0].children[0].rows, 4, 'Filter passes four rows');
  assert.strictEqual(scan.rows, 5, 'the scan yields every PlanT');
  assert.strictEqual(scan.arguments.Details, '(n:PlanT)');
  for (const [op] of [[p], [scan]]) {
    assert.ok(Number.isInteger(op.time) && op.time >= 0, `time in nanoseconds: ${op.time}`);
    assert.strictEqual(op.dbHits, 0, 'kgq counts no database hits');
  }
  assert.ok(prof.summary.hasProfile() && prof.summary.hasPlan());
  // A profile of a write counts what it changed, and its plan too.
  const w = await driver.executeQuery('PROFILE MATCH (n:PlanT) DETACH DELETE n');
  assert.strictEqual(w.summary.counters.updates().nodesDeleted, 5);
  assert.ok(w.summary.profile.operatorType.endsWith('@neo4j'));
  console.log('ok EXPLAIN plans and PROFILE profiles');
}

async function testTransactions(driver) {
  const session = driver.session();
  const created = await session.executeWrite(async tx => {
    await tx.run('CREATE (:Tx {k: 1})');
    const r = await tx.run('CREATE (:Tx {k: 2}) RETURN 2 AS two');
    return r.records[0].get('two').toNumber();
  });
  assert.strictEqual(created, 2);
  const count = await session.executeRead(async tx => (await tx.run('MATCH (n:Tx) RETURN count(n) AS c')).records[0].get('c').toNumber());
  assert.strictEqual(count, 2);
  // A failing statement fails the transaction function; the session carries on.
  await expectError(session.executeWrite(tx => tx.run('RETURN 1 / 0')), 'Neo.ClientError.Statement.ArithmeticError');
  // A rolled-back transaction without writes rolls back fine.
  const tx = await session.beginTransaction();
  await tx.run('MATCH (n:Tx) RETURN n');
  await tx.rollback();
  // A rolled-back transaction's writes are undone; another session saw none of them.
  const tx2 = await session.beginTransaction();
  await tx2.run('CREATE (:Tx {k: 3})');
  await tx2.run('CREATE (:Tx {k: 4})');
  const inside = (await tx2.run('MATCH (n:Tx) RETURN count(n) AS c')).records[0].get('c').toNumber();
  assert.strictEqual(inside, 4, 'the transaction sees its own writes');
  await tx2.rollback();
  const after = (await session.run('MATCH (n:Tx) RETURN count(n) AS c')).records[0].get('c').toNumber();
  assert.strictEqual(after, 2, 'rollback undid both writes');
  // A statement that fails inside a transaction function undoes the function's earlier writes.
  await expectError(session.executeWrite(async tx => {
    await tx.run('CREATE (:Tx {k: 5})');
    await tx.run('RETURN 1 / 0');
  }), 'Neo.ClientError.Statement.ArithmeticError');
  const kept = (await session.run('MATCH (n:Tx) RETURN count(n) AS c')).records[0].get('c').toNumber();
  assert.strictEqual(kept, 2, 'a failed transaction function leaves nothing behind');
  const bookmarks = session.lastBookmarks();
  assert.ok(bookmarks.length >= 1 && bookmarks[0].startsWith('kgq:'), `bookmarks: ${bookmarks}`);
  await session.run('MATCH (n:Tx) DELETE n');
  await session.close();
  console.log('ok managed and explicit transactions');
}

// The open server waits at most 500 ms (KG_TEST_LOCK_TIMEOUT) for the write lock: a write
// behind a transaction that holds it fails with the transient code drivers retry on.
async function testLockTimeout(driver) {
  const holder = driver.session(), other = driver.session();
  const tx = await holder.beginTransaction();
  await tx.run('CREATE (:LockHolder)');
  const e = await other.run('CREATE (:LockWaiter)').then(() => null, err => err);
  assert.ok(e && e.code === 'Neo.TransientError.Transaction.LockAcquisitionTimeout', `a write behind the lock: ${e && e.code}`);
  await tx.rollback();
  const n = (await other.run('MATCH (n) WHERE n:LockHolder OR n:LockWaiter RETURN count(n) AS c')).records[0].get('c').toNumber();
  assert.strictEqual(n, 0, 'neither write remains');
  await holder.close();
  await other.close();
  console.log('ok lock timeout');
}

async function testStreaming(driver) {
  const session = driver.session({ fetchSize: 1000 });
  const started = Date.now();
  let rows = 0, sum = 0;
  await new Promise((resolve, reject) => {
    session.run('UNWIND range(1, 1000000) AS i RETURN i').subscribe({
      onNext: r => { rows++; sum += r.get('i').toNumber(); },
      onCompleted: resolve,
      onError: reject,
    });
  });
  assert.strictEqual(rows, 1000000);
  assert.strictEqual(sum, 500000500000);
  await session.close();
  console.log(`ok 1000000 rows streamed with fetch size 1000 in ${Date.now() - started} ms`);
}

async function testConcurrent(driver) {
  const sessions = 16, writes = 25;
  await Promise.all([...Array(sessions).keys()].map(async s => {
    const session = driver.session();
    for (let i = 0; i < writes; i++) {
      await session.executeWrite(tx => tx.run('CREATE (:W {s: $s, i: $i})', { s, i }));
      const c = await session.executeRead(tx => tx.run('MATCH (w:W {s: $s}) RETURN count(w) AS c', { s }));
      assert.strictEqual(c.records[0].get('c').toNumber(), i + 1, 'a session reads its own writes');
    }
    await session.close();
  }));
  const { records } = await driver.executeQuery('MATCH (w:W) RETURN count(w) AS c, count(DISTINCT [w.s, w.i]) AS d');
  assert.strictEqual(records[0].get('c').toNumber(), sessions * writes);
  assert.strictEqual(records[0].get('d').toNumber(), sessions * writes);
  await driver.executeQuery('MATCH (w:W) DELETE w');
  console.log(`ok ${sessions} concurrent sessions, ${sessions * writes} writes, nothing lost`);
}

// A child process streams a long result and is killed with SIGKILL after its first
// rows: the server must free the statement and serve the next client at once.
async function testKilledClient(driver) {
  const child = spawn(process.execPath, ['-e', `
    const neo4j = require('neo4j-driver');
    const d = neo4j.driver('${openUrl}', undefined, { logging: { level: 'error', logger: () => {} } });
    let n = 0;
    d.session({ fetchSize: 100 }).run('UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j RETURN i, j').subscribe({
      onNext: () => { if (++n === 500) process.stdout.write('streaming\\n'); },
    });`], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', d => { if (String(d).includes('streaming')) resolve(); });
    child.on('exit', () => reject(new Error('the child ended before streaming')));
  });
  child.kill('SIGKILL');
  const started = Date.now();
  const { records } = await driver.executeQuery('CREATE (k:Killed) RETURN count(k) AS c');
  assert.strictEqual(records[0].get('c').toNumber(), 1);
  assert.ok(Date.now() - started < 5000, 'the killed client does not hold the database');
  await driver.executeQuery('MATCH (k:Killed) DELETE k');
  console.log(`ok a client killed mid-stream is dropped (next write after ${Date.now() - started} ms)`);
}

async function testTls() {
  const tlsPort = process.env.KG_TLS_PORT;
  if (!tlsPort) return console.log('skipped TLS (no certificate)');
  const driver = neo4j.driver(`bolt+ssc://localhost:${tlsPort}`, neo4j.auth.basic('bob', 'other'), quiet());
  const { records } = await driver.executeQuery('RETURN 8 AS x');
  assert.strictEqual(records[0].get('x').toNumber(), 8);
  await driver.close();
  const plain = neo4j.driver(`bolt://localhost:${tlsPort}`, neo4j.auth.basic('bob', 'other'), { ...quiet(), connectionTimeout: 3000 });
  const refused = await plain.verifyConnectivity().then(() => null, e => e);
  assert.ok(refused && refused.code === 'ServiceUnavailable', `plain text to the TLS port is refused: ${refused && refused.code} ${refused && refused.message}`);
  await plain.close();
  console.log('ok TLS (bolt+ssc://) with authentication');
}

async function testRouting() {
  const driver = neo4j.driver(openUrl.replace('bolt:', 'neo4j:'), undefined, quiet());
  const { records } = await driver.executeQuery('RETURN 7 AS x', {}, { routing: neo4j.routing.READ });
  assert.strictEqual(records[0].get('x').toNumber(), 7);
  // What tools ask first.
  const c = await driver.executeQuery('CALL dbms.components() YIELD name, versions RETURN name, versions[0] AS v');
  assert.strictEqual(c.records[0].get('name'), 'Neo4j Kernel');
  assert.ok(c.records[0].get('v').startsWith('5.'));
  await driver.close();
  console.log('ok neo4j:// routing, dbms.components()');
}

(async () => {
  await testAuth();
  const driver = neo4j.driver(openUrl, undefined, { ...quiet(), maxConnectionPoolSize: 32 });
  await testValues(driver);
  await testEntities(driver);
  await testErrors(driver);
  await testPlans(driver);
  await testTransactions(driver);
  await testLockTimeout(driver);
  await testStreaming(driver);
  await testConcurrent(driver);
  await testKilledClient(driver);
  await testRouting();
  await testTls();
  await driver.close();
  console.log('all passed');
})().catch(e => {
  console.error('FAIL:', e && e.stack ? e.stack : e);
  process.exit(1);
});
