// tests/server/raw.test.js — `kgq serve` spoken to byte by byte, for what a driver
// never sends: Bolt 4.4 with and without the "utc" patch (the legacy structures), the
// server state machine (FAILED ignores until RESET), a RESET that interrupts a long
// statement, a version nobody serves, and hostile input (a message over the size limit,
// bytes that are not PackStream) that closes that connection and no other. Run by
// run.sh against the --no-auth server (KG_OPEN_PORT), whose maximum message size is
// 1 MiB. Node's standard library only.
'use strict';
const assert = require('assert');
const net = require('net');

const port = Number(process.env.KG_OPEN_PORT);

// --- A little PackStream -------------------------------------------------------------

function pack(v) {
  if (v === null) return Buffer.from([0xc0]);
  if (v === true || v === false) return Buffer.from([v ? 0xc3 : 0xc2]);
  if (typeof v === 'number') {
    if (v >= -16 && v < 128) return Buffer.from([v & 0xff]);
    const b = Buffer.alloc(9); b[0] = 0xcb; b.writeBigInt64BE(BigInt(v), 1); return b;
  }
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    return Buffer.concat([s.length < 16 ? Buffer.from([0x80 | s.length]) : Buffer.from([0xd1, s.length >> 8, s.length & 0xff]), s]);
  }
  if (Array.isArray(v)) return Buffer.concat([Buffer.from([0x90 | v.length]), ...v.map(pack)]);
  if (v.tag !== undefined) return Buffer.concat([Buffer.from([0xb0 | v.fields.length, v.tag]), ...v.fields.map(pack)]);
  const keys = Object.keys(v);
  return Buffer.concat([Buffer.from([0xa0 | keys.length]), ...keys.flatMap(k => [pack(k), pack(v[k])])]);
}

function unpack(buf) {
  let p = 0;
  const size = n => { const v = buf.readUIntBE(p, n); p += n; return v; };
  function value() {
    const m = buf[p++];
    if (m < 0x80) return m;
    if (m >= 0xf0) return m - 256;
    const hi = m & 0xf0, lo = m & 0x0f;
    const str = n => { const s = buf.toString('utf8', p, p + n); p += n; return s; };
    const list = n => Array.from({ length: n }, value);
    const map = n => { const o = {}; for (let i = 0; i < n; i++) { const k = value(); o[k] = value(); } return o; };
    if (hi === 0x80) return str(lo);
    if (hi === 0x90) return list(lo);
    if (hi === 0xa0) return map(lo);
    if (hi === 0xb0) { const tag = buf[p++]; return { tag, fields: list(lo) }; }
    switch (m) {
      case 0xc0: return null;
      case 0xc1: { const f = buf.readDoubleBE(p); p += 8; return f; }
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xc8: { const v = buf.readInt8(p); p += 1; return v; }
      case 0xc9: { const v = buf.readInt16BE(p); p += 2; return v; }
      case 0xca: { const v = buf.readInt32BE(p); p += 4; return v; }
      case 0xcb: { const v = Number(buf.readBigInt64BE(p)); p += 8; return v; }
      case 0xd0: return str(size(1));
      case 0xd1: return str(size(2));
      case 0xd2: return str(size(4));
      case 0xd4: return list(size(1));
      case 0xd5: return list(size(2));
      case 0xd8: return map(size(1));
      case 0xd9: return map(size(2));
    }
    throw new Error(`marker 0x${m.toString(16)}`);
  }
  return value();
}

const HELLO = 0x01, RESET = 0x0f, RUN = 0x10, PULL = 0x3f, LOGON = 0x6a;
const SUCCESS = 0x70, RECORD = 0x71, IGNORED = 0x7e, FAILURE = 0x7f;
const msg = (tag, ...fields) => ({ tag, fields });

function chunk(message) {
  const body = pack(message);
  const h = Buffer.alloc(2); h.writeUInt16BE(body.length);
  return Buffer.concat([h, body, Buffer.from([0, 0])]);
}

// A connection that collects whole messages as they come.
class Conn {
  constructor() {
    this.sock = net.connect(port, '127.0.0.1');
    this.buf = Buffer.alloc(0);
    this.messages = [];
    this.closed = false;
    this.waiters = [];
    this.sock.on('data', d => { this.buf = Buffer.concat([this.buf, d]); this.wake(); });
    this.sock.on('close', () => { this.closed = true; this.wake(); });
    this.sock.on('error', () => {});
  }
  wake() { for (const w of this.waiters.splice(0)) w(); }
  async bytes(n) {
    while (this.buf.length < n) {
      if (this.closed) throw new Error('closed');
      await new Promise(r => this.waiters.push(r));
    }
    const out = this.buf.subarray(0, n); this.buf = this.buf.subarray(n); return out;
  }
  async handshake(...versions) {
    const b = Buffer.alloc(20); b.writeUInt32BE(0x6060b017, 0);
    versions.forEach((v, i) => b.writeUInt32BE(v, 4 + 4 * i));
    this.sock.write(b);
    return (await this.bytes(4)).readUInt32BE(0);
  }
  send(...messages) { this.sock.write(Buffer.concat(messages.map(chunk))); }
  async next() {
    const parts = [];
    for (;;) {
      const n = (await this.bytes(2)).readUInt16BE(0);
      if (n === 0) { if (parts.length) break; continue; }
      parts.push(await this.bytes(n));
    }
    const m = unpack(Buffer.concat(parts));
    return { tag: m.tag, meta: m.fields[0], fields: m.fields };
  }
  async expect(tag) {
    const m = await this.next();
    assert.strictEqual(m.tag, tag, `expected 0x${tag.toString(16)}, got 0x${m.tag.toString(16)} ${JSON.stringify(m.meta)}`);
    return m;
  }
  async untilClosed(ms) {
    const t0 = Date.now();
    while (!this.closed && Date.now() - t0 < ms) await new Promise(r => setTimeout(r, 20));
    return this.closed;
  }
  end() { this.sock.destroy(); }
}

async function testBolt44(utc) {
  const c = new Conn();
  assert.strictEqual(await c.handshake(0x00000404, 0x00000104), 0x00000404, 'Bolt 4.4 is chosen');
  const hello = { user_agent: 'raw-test/1', scheme: 'none' };
  if (utc) hello.patch_bolt = ['utc'];
  c.send(msg(HELLO, hello));
  const ok = await c.expect(SUCCESS);
  assert.deepStrictEqual(ok.meta.patch_bolt, utc ? ['utc'] : undefined);
  c.send(msg(RUN, "CREATE (n:Raw {k: 1}) RETURN n, datetime('1970-01-02T00:00+01:00') AS d", {}, {}), msg(PULL, { n: -1 }));
  await c.expect(SUCCESS);
  const rec = await c.expect(RECORD);
  const [node, dt] = rec.fields[0];
  assert.strictEqual(node.tag, 0x4e);
  assert.strictEqual(node.fields.length, 3, 'a 4.4 node has no element id');
  assert.deepStrictEqual(node.fields[1], ['Raw']);
  // Local seconds (86400) in the legacy form, UTC seconds (82800) with the patch.
  assert.deepStrictEqual(dt, utc ? { tag: 0x49, fields: [82800, 0, 3600] } : { tag: 0x46, fields: [86400, 0, 3600] });
  const done = await c.expect(SUCCESS);
  assert.strictEqual(done.meta.type, 'rw');
  assert.strictEqual(done.meta.stats['nodes-created'], 1);
  c.send(msg(RUN, 'MATCH (n:Raw) DELETE n', {}, {}), msg(PULL, { n: -1 }));
  await c.expect(SUCCESS);
  await c.expect(SUCCESS);
  c.end();
  console.log(`ok Bolt 4.4 ${utc ? 'with' : 'without'} the utc patch`);
}

async function hello5(c) {
  assert.strictEqual(await c.handshake(0x00040805), 0x00000805, 'Bolt 5.8 from the range 5.4..5.8');
  c.send(msg(HELLO, { user_agent: 'raw-test/1' }), msg(LOGON, { scheme: 'none' }));
  await c.expect(SUCCESS);
  await c.expect(SUCCESS);
}

async function testStates() {
  const c = new Conn();
  await hello5(c);
  // PULL without a result: FAILURE; then everything is IGNORED until RESET.
  // (A RESET sent along with them would make them all IGNORED: INTERRUPTED comes first.)
  c.send(msg(PULL, { n: 10 }), msg(RUN, 'RETURN 1', {}, {}), msg(PULL, { n: 10 }));
  const f = await c.expect(FAILURE);
  assert.strictEqual(f.meta.neo4j_code, 'Neo.ClientError.Request.Invalid');
  assert.ok(/PULL is not allowed in state READY/.test(f.meta.message), f.meta.message);
  await c.expect(IGNORED);
  await c.expect(IGNORED);
  c.send(msg(RESET));
  await c.expect(SUCCESS);
  // Pipelined with a RESET, a request is either answered or IGNORED, then RESET succeeds.
  c.send(msg(RUN, 'RETURN 1', {}, {}), msg(PULL, { n: 10 }), msg(RESET));
  let m;
  while ((m = await c.next()).tag !== SUCCESS || m.meta.fields || m.meta.t_last !== undefined)
    assert.ok([SUCCESS, RECORD, IGNORED].includes(m.tag), `0x${m.tag.toString(16)}`);
  // PULL n with has_more, then the rest.
  c.send(msg(RUN, 'UNWIND range(1, 5) AS i RETURN i', {}, {}), msg(PULL, { n: 2 }));
  const run = await c.expect(SUCCESS);
  assert.deepStrictEqual(run.meta.fields, ['i']);
  assert.deepStrictEqual((await c.expect(RECORD)).fields[0], [1]);
  assert.deepStrictEqual((await c.expect(RECORD)).fields[0], [2]);
  assert.strictEqual((await c.expect(SUCCESS)).meta.has_more, true);
  c.send(msg(PULL, { n: 3 }));
  for (const i of [3, 4, 5]) assert.deepStrictEqual((await c.expect(RECORD)).fields[0], [i]);
  const end = await c.expect(SUCCESS);
  assert.strictEqual(end.meta.has_more, undefined, 'exactly 3 left: no has_more');
  assert.strictEqual(end.meta.type, 'r');
  // A syntax error carries the GQL fields and the position.
  c.send(msg(RUN, 'RETURN 1 +', {}, {}), msg(PULL, { n: -1 }));
  const e = await c.expect(FAILURE);
  assert.strictEqual(e.meta.neo4j_code, 'Neo.ClientError.Statement.SyntaxError');
  assert.deepStrictEqual(e.meta.diagnostic_record._position, { offset: 10, line: 1, column: 11 });
  await c.expect(IGNORED);
  c.send(msg(RESET));
  await c.expect(SUCCESS);
  c.end();
  console.log('ok state machine: FAILED, IGNORED, RESET, has_more');
}

async function testResetInterrupts() {
  const c = new Conn();
  await hello5(c);
  const t0 = Date.now();
  c.send(msg(RUN, 'UNWIND range(1, 100000) AS i UNWIND range(1, 100000) AS j RETURN count(*)', {}, {}), msg(PULL, { n: -1 }));
  await c.expect(SUCCESS);
  await new Promise(r => setTimeout(r, 200));
  c.send(msg(RESET));
  const m = await c.next();
  assert.ok(m.tag === IGNORED || m.tag === FAILURE, `the interrupted PULL: 0x${m.tag.toString(16)}`);
  await c.expect(SUCCESS);
  assert.ok(Date.now() - t0 < 5000, `RESET stopped the statement (${Date.now() - t0} ms)`);
  c.send(msg(RUN, 'RETURN 2', {}, {}), msg(PULL, { n: -1 }));
  await c.expect(SUCCESS);
  assert.deepStrictEqual((await c.expect(RECORD)).fields[0], [2]);
  c.end();
  console.log(`ok RESET interrupts a running statement (${Date.now() - t0} ms)`);
}

async function testHostile() {
  const bystander = new Conn();
  await hello5(bystander);

  const none = new Conn();
  assert.strictEqual(await none.handshake(0x00000003, 0x00000002), 0, 'Bolt 3 is not served');
  assert.ok(await none.untilClosed(2000), 'closed after a failed negotiation');

  // Chunks adding up to more than the maximum message size (1 MiB here).
  const big = new Conn();
  await hello5(big);
  const piece = Buffer.alloc(65537); piece.writeUInt16BE(65535, 0);
  for (let i = 0; i < 20 && !big.closed; i++) big.sock.write(piece);
  assert.ok(await big.untilClosed(3000), 'an oversized message closes the connection');

  // Not PackStream.
  const junk = new Conn();
  await hello5(junk);
  junk.sock.write(Buffer.from([0x00, 0x03, 0xb1, 0x10, 0xc4, 0x00, 0x00]));
  assert.ok(await junk.untilClosed(2000), 'a malformed message closes the connection');

  // A huge size claim in a small message.
  const claim = new Conn();
  await hello5(claim);
  claim.sock.write(Buffer.from([0x00, 0x08, 0xb3, 0x10, 0x81, 0x78, 0xda, 0x7f, 0xff, 0xff, 0x00, 0x00]));
  assert.ok(await claim.untilClosed(2000), 'a size beyond the message closes the connection');

  bystander.send(msg(RUN, 'RETURN 3', {}, {}), msg(PULL, { n: -1 }));
  await bystander.expect(SUCCESS);
  assert.deepStrictEqual((await bystander.expect(RECORD)).fields[0], [3]);
  bystander.end();
  console.log('ok hostile input closes only its own connection');
}

(async () => {
  await testBolt44(false);
  await testBolt44(true);
  await testStates();
  await testResetInterrupts();
  await testHostile();
  console.log('all passed');
})().catch(e => {
  console.error('FAIL:', e && e.stack ? e.stack : e);
  process.exit(1);
});
