// tests/http/browser.test.js — the page of `kgq serve --http` in headless Chromium,
// driven over the DevTools protocol with puppeteer-core. Started by run.sh with
// KG_HTTP_PORT (users file: alice / secret-pw, the bundled corpus), KG_CHROMIUM (the
// browser) and KG_SCREENSHOT (where the flag journey's picture goes). Logs in with the
// keyboard, runs the flag journey and checks the table's rows and the drawing's nodes
// and edges against queries/flag-journey.cypher run through the API, expands a node by
// double-clicking it (and another with the keyboard), drags and zooms, runs a bad query
// and sees the error with its position, shows a node named <script>alert(1)</script> as
// text, marks the conflicting claims, cuts large results with a notice, and lays the
// page out for a narrow window. Exits non-zero on the first failure.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const base = `http://127.0.0.1:${process.env.KG_HTTP_PORT}`;
const basic = `Basic ${Buffer.from('alice:secret-pw').toString('base64')}`;
const XSS = '<script>alert(1)</script>';

async function query(statement, parameters = {}) {
  const res = await fetch(`${base}/db/neo4j/query/v2`, {
    method: 'POST',
    headers: { Authorization: basic, 'Content-Type': 'application/json' },
    body: JSON.stringify({ statement, parameters }),
  });
  const json = await res.json();
  assert.strictEqual(res.status, 202, JSON.stringify(json));
  return json.data.values;
}

// What the drawing holds, read from its DOM.
function drawing(page) {
  return page.evaluate(() => ({
    nodes: [...document.querySelectorAll('#nodes .node')].map((g) => ({ id: g.dataset.id, name: g.dataset.name, labels: g.dataset.labels })),
    edges: [...document.querySelectorAll('#edges .edge')].map((g) => ({
      id: g.dataset.id, type: g.dataset.type, from: g.dataset.from, to: g.dataset.to,
      conflict: g.classList.contains('conflict'), title: g.querySelector('title').textContent,
    })),
  }));
}

async function waitStatus(page, pattern) {
  try {
    await page.waitForFunction((p) => new RegExp(p).test(document.getElementById('status').textContent), { timeout: 60000 }, pattern.source);
  } catch (e) {
    const seen = await page.evaluate(() => `${document.getElementById('status').textContent} | ${document.getElementById('error').textContent}`);
    throw new Error(`waiting for ${pattern}: the page says ${seen}`);
  }
}

(async () => {
  await query(`CREATE (:Probe {name: '${XSS}', sources: ['<img src=x onerror=alert(2)>']})`);
  const browser = await puppeteer.launch({
    executablePath: process.env.KG_CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  let dialogs = 0;
  try {
    const page = await browser.newPage();
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(base, { waitUntil: 'networkidle0' });

    // Log in with the keyboard alone: the user field has the focus, Tab reaches the password.
    await page.waitForSelector('#login:not([hidden])');
    assert.strictEqual(await page.evaluate(() => document.activeElement.id), 'login-user');
    await page.keyboard.type('alice');
    await page.keyboard.press('Tab');
    assert.strictEqual(await page.evaluate(() => document.activeElement.id), 'login-password');
    await page.keyboard.type('wrong');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /Invalid username or password/.test(document.getElementById('login-error').textContent));
    await page.focus('#login-password');
    await page.keyboard.type('secret-pw');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#app:not([hidden])');
    assert.match(await page.$eval('#who', (e) => e.textContent), /alice/);
    assert.ok(!(await page.evaluate(() => document.cookie)), 'no cookie');
    console.log('ok login');

    // The flag journey: the table's rows and the drawing against the saved query.
    const saved = fs.readFileSync(path.join(__dirname, '../../queries/flag-journey.cypher'), 'utf8');
    const expected = await query(saved);
    assert.ok(expected.length >= 5, 'the corpus tells a journey');
    await page.click('#flag-journey');
    await waitStatus(page, /rows in/);
    // The page runs the saved query the server serves, not a copy of its own.
    assert.strictEqual(await page.$eval('#query', (q) => q.value), saved.replace(/;\s*$/, ''));
    await page.click('#tab-table');
    const rows = await page.$$eval('#table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepStrictEqual(rows.map((r) => r.slice(0, 3)), expected.map((r) => r.slice(0, 3)));
    assert.deepStrictEqual(await page.$$eval('#table th', (ths) => ths.map((t) => t.textContent)), ['subject', 'step', 'object', 'sources', 'p']);
    await page.click('#tab-graph');
    await page.waitForSelector('#graph[data-settled]', { timeout: 60000 });
    const d = await drawing(page);
    const names = new Set(expected.flatMap((r) => [r[0], r[2]]));
    assert.deepStrictEqual(new Set(d.nodes.map((n) => n.name)), names);
    assert.strictEqual(d.edges.length, expected.length);
    const byName = new Map(d.nodes.map((n) => [n.id, n.name]));
    assert.deepStrictEqual(d.edges.map((e) => [byName.get(e.from), e.type, byName.get(e.to)]).sort(),
                           expected.map((r) => [r[0], r[1], r[2]]).sort());
    for (const [i, e] of d.edges.entries()) assert.match(e.title, /sources: r\d/, `edge ${i} shows its sources on hover`);
    const legend = await page.$$eval('#legend li', (lis) => lis.map((l) => l.textContent));
    assert.ok(legend.includes('Person') && legend.includes('conflicting claim'), legend.join());
    assert.ok(d.edges.some((e) => e.conflict), 'a conflicting hand-over is marked');
    await page.screenshot({ path: process.env.KG_SCREENSHOT });
    console.log('ok flag journey: %d rows, %d nodes, %d edges', rows.length, d.nodes.length, d.edges.length);

    // Double-click a node: its neighbours join the drawing.
    let target = null;
    for (const n of d.nodes) {
      const nb = await query('MATCH (n)-[r]-(m) WHERE elementId(n) = $id RETURN elementId(m) AS m', { id: n.id });
      const missing = nb.map((r) => r[0]).filter((m) => !byName.has(m));
      if (missing.length > 0 && (target === null || nb.length < target.rels))
        target = { node: n, neighbours: new Set(nb.map((r) => r[0])), rels: nb.length };
    }
    assert.ok(target, 'a node with neighbours not drawn yet');
    const handle = await page.$(`#nodes .node[data-id="${target.node.id}"] circle`);
    await handle.scrollIntoView();
    const box = await handle.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { clickCount: 2 });
    await waitStatus(page, /new neighbours/);
    const after = await drawing(page);
    const added = after.nodes.filter((n) => !byName.has(n.id));
    assert.ok(added.length > 0, 'the expanded node brought neighbours');
    for (const n of added) assert.ok(target.neighbours.has(n.id), `${n.name} is a neighbour of ${target.node.name}`);
    if (target.rels <= 50)
      for (const m of target.neighbours) assert.ok(after.nodes.some((n) => n.id === m), `neighbour ${m} of ${target.node.name} is drawn`);
    assert.ok(after.edges.length > d.edges.length);
    console.log('ok expand %s: %d nodes now', target.node.name, after.nodes.length);

    // Drag and zoom change the picture.
    const t0 = await page.$eval('#viewport', (g) => g.getAttribute('transform'));
    await page.click('#zoom-in');
    assert.notStrictEqual(await page.$eval('#viewport', (g) => g.getAttribute('transform')), t0);
    await page.waitForSelector('#graph[data-settled]', { timeout: 60000 });
    await page.click('#zoom-fit');
    const grab = await page.$(`#nodes .node[data-id="${target.node.id}"] circle`);
    await grab.scrollIntoView();
    const b2 = await grab.boundingBox();
    const at = { x: b2.x + b2.width / 2, y: b2.y + b2.height / 2 };
    const under = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y).closest('.node').dataset.id, at);
    const where = (id) => page.$eval(`#nodes .node[data-id="${id}"]`, (g) => g.getAttribute('transform'));
    const before = await where(under);
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(at.x + 80, at.y + 60, { steps: 5 });
    await page.mouse.up();
    assert.notStrictEqual(await where(under), before, 'a node can be dragged');
    // A bad query, run with Ctrl-Enter: the error with its position.
    await page.click('#query', { clickCount: 3 });
    await page.evaluate(() => { document.getElementById('query').value = ''; });
    await page.keyboard.type('MATCH (n RETURN n');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForSelector('#error:not([hidden])');
    assert.match(await page.$eval('#error-title', (e) => e.textContent), /SyntaxError at line 1, column 10/);
    assert.match(await page.$eval('#error-message', (e) => e.textContent), /1:10: .*\n.*MATCH \(n RETURN n\n.*\^/);
    assert.strictEqual(await page.evaluate(() => document.getElementById('query').selectionStart), 9, 'the caret is put at the error');
    console.log('ok error with its position');

    // A value that looks like HTML is shown as text, never run.
    await page.evaluate(() => { document.getElementById('query').value = 'MATCH (n:Probe) RETURN n.name AS name, n.sources AS sources, n'; });
    await page.click('#run');
    await waitStatus(page, /1 row in/);
    await page.click('#tab-table');
    const cells = await page.$$eval('#table tbody td', (tds) => tds.map((td) => td.textContent));
    assert.strictEqual(cells[0], XSS);
    assert.strictEqual(cells[1], "['<img src=x onerror=alert(2)>']");
    assert.strictEqual(await page.$$eval('#table tbody td script, #table tbody td img', (x) => x.length), 0);
    assert.strictEqual(await page.$$eval('script', (x) => x.length), 1, 'only app.js');
    const probe = await drawing(page);
    assert.strictEqual(probe.nodes[0].name, XSS);
    assert.strictEqual(await page.$eval('#nodes .node-label', (t) => t.textContent), XSS);
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(dialogs, 0, 'no alert ran');
    console.log('ok a node named %s shows as text', XSS);

    // The conflicts button: every relationship of a conflicting claim, all marked.
    const conflicts = await (await fetch(`${base}/kgq/conflicts`, { headers: { Authorization: basic } })).json();
    await page.click('#conflicts');
    await waitStatus(page, /rows in/);
    const c = await drawing(page);
    assert.strictEqual(c.edges.length, conflicts.relationships.length);
    assert.ok(c.edges.every((e) => e.conflict));
    assert.ok(c.edges.length > 0);
    console.log('ok conflicts: %d claims marked', c.edges.length);

    // Without a mouse: a node takes the focus and Enter expands it.
    // Tab from the Fit button reaches the drawing's nodes.
    await page.focus('#zoom-fit');
    let hops = 0;
    while (!(await page.evaluate(() => document.activeElement.classList.contains('node'))) && hops++ < 5) await page.keyboard.press('Tab');
    assert.ok(hops < 5, 'Tab reaches a node');
    await page.keyboard.press('Enter');
    await waitStatus(page, /new neighbours/);
    console.log('ok a node expanded with the keyboard');

    // Large results are cut, with a notice.
    await page.evaluate(() => { document.getElementById('query').value = 'UNWIND range(1, 1500) AS i RETURN i'; });
    await page.click('#run');
    await waitStatus(page, /1500 rows in/);
    assert.strictEqual(await page.$$eval('#table tbody tr', (t) => t.length), 1000);
    assert.match(await page.$eval('#table-notice', (e) => (e.hidden ? '' : e.textContent)), /first 1000 of 1500 rows/);
    await query("UNWIND range(1, 400) AS i CREATE (:Bulk {name: 'bulk ' + toString(i)})");
    await page.evaluate(() => { document.getElementById('query').value = 'MATCH (n:Bulk) RETURN n'; });
    await page.click('#run');
    await waitStatus(page, /400 rows in/);
    assert.strictEqual((await drawing(page)).nodes.length, 300);
    assert.match(await page.$eval('#graph-notice', (e) => (e.hidden ? '' : e.textContent)), /300 nodes; 100 more were cut/);
    await query('MATCH (n:Bulk) DELETE n');
    console.log('ok large results cut with a notice');

    // A narrow window: the editor above the result, nothing wider than the window.
    await page.setViewport({ width: 400, height: 800 });
    const layout = await page.evaluate(() => ({
      editor: document.getElementById('editor').getBoundingClientRect().toJSON(),
      results: document.getElementById('results').getBoundingClientRect().toJSON(),
      width: document.documentElement.scrollWidth,
    }));
    assert.ok(layout.editor.bottom <= layout.results.top, 'stacked');
    assert.ok(layout.width <= 400, `no sideways scrolling (${layout.width}px)`);
    console.log('ok narrow window');
    assert.deepStrictEqual(pageErrors, []);
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error('FAIL', e);
  process.exit(1);
});
