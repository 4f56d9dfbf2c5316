// web/app.js — the page of `kgq serve --http`: log in, run Cypher through the Query API
// (POST /db/neo4j/query/v2, typed JSON), show the result as a table and as a graph.
//
// Every value reaches the page through textContent or an attribute set with
// setAttribute, never as HTML, so a node named <script>alert(1)</script> shows as that
// text. The login token lives in this page's memory (and sessionStorage, for a reload)
// and goes out only in the Authorization header: the browser never sends it on its own,
// so no other site can make requests in the user's name. The graph layout is a small
// force simulation written here; nothing is fetched from anywhere but this server.
'use strict';

(() => {
  const MAX_TABLE_ROWS = 1000; // rows shown in the table; the rest are cut with a notice
  const MAX_GRAPH_NODES = 300; // nodes drawn; the rest are cut with a notice
  const EXPAND_LIMIT = 50; // neighbours a double-click adds
  const HISTORY_SIZE = 50;
  const API = '/db/neo4j/query/v2';

  // The flag journey is the saved query queries/flag-journey.cypher, which the server
  // serves (GET /kgq/queries/NAME), so the page holds no copy of it.
  const SAVED = '/kgq/queries/';
  // Every relationship in a conflicting claim (as `kgq check` lists them); $ids comes from
  // GET /kgq/conflicts.
  const CONFLICTS = `// Claims that disagree on a single-valued relationship type.
MATCH p = (s)-[r]->(o)
WHERE elementId(r) IN $ids
RETURN s.name AS subject, type(r) AS claim, o.name AS object, r.sources AS sources, p
ORDER BY subject, claim, object`;

  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  let token = sessionStorage.getItem('kgq-token');
  let authOn = true;
  let conflictIds = new Set();
  let history = [];
  let historyPos = -1;
  try {
    history = JSON.parse(localStorage.getItem('kgq-history') || '[]');
  } catch (e) {
    history = [];
  }

  // --- Talking to the server --------------------------------------------------------

  async function api(path, { method = 'POST', body } = {}) {
    const headers = { Accept: 'application/vnd.neo4j.query' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
    let json = null;
    try {
      json = await res.json();
    } catch (e) {
      json = { errors: [{ code: 'kgq.Page.BadAnswer', message: `the server answered ${res.status} without JSON` }] };
    }
    if (res.status === 401 && authOn) showLogin('Your login has ended: log in again.');
    return { status: res.status, json };
  }

  async function refreshConflicts() {
    const { status, json } = await api('/kgq/conflicts', { method: 'GET' });
    conflictIds = new Set(status === 200 ? json.relationships : []);
    return [...conflictIds];
  }

  // --- Login ------------------------------------------------------------------------

  function showLogin(message) {
    token = null;
    sessionStorage.removeItem('kgq-token');
    $('app').hidden = true;
    $('logout').hidden = true;
    $('who').textContent = '';
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('login-user').focus();
  }

  async function showApp(user) {
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = !authOn;
    $('who').textContent = authOn ? `logged in as ${user}` : 'no authentication';
    renderHistory();
    await refreshConflicts();
    $('query').focus();
  }

  async function login(event) {
    event.preventDefault();
    $('login-error').textContent = 'Checking…';
    const res = await fetch('/kgq/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: $('login-user').value, password: $('login-password').value }),
      credentials: 'omit',
    });
    const json = await res.json();
    $('login-password').value = '';
    if (res.status !== 200) {
      $('login-error').textContent = json.errors ? json.errors[0].message : 'The login failed.';
      return;
    }
    token = json.token;
    sessionStorage.setItem('kgq-token', token);
    sessionStorage.setItem('kgq-user', json.user);
    await showApp(json.user);
  }

  async function logout() {
    await api('/kgq/logout', {});
    showLogin('Logged out.');
  }

  // --- History ----------------------------------------------------------------------

  function remember(query) {
    history = [query, ...history.filter((q) => q !== query)].slice(0, HISTORY_SIZE);
    localStorage.setItem('kgq-history', JSON.stringify(history));
    historyPos = -1;
    renderHistory();
  }

  function renderHistory() {
    const list = $('history');
    list.replaceChildren();
    for (const q of history) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'history-item';
      b.textContent = q;
      b.addEventListener('click', () => {
        $('query').value = q;
        $('query').focus();
      });
      li.append(b);
      list.append(li);
    }
  }

  function walkHistory(step) {
    if (history.length === 0) return;
    historyPos = Math.max(-1, Math.min(history.length - 1, historyPos + step));
    $('query').value = historyPos < 0 ? '' : history[historyPos];
  }

  // --- Values -----------------------------------------------------------------------

  // A typed value as one line of text, the way the shells show it.
  function show(v) {
    if (v === null || typeof v !== 'object' || !('$type' in v)) return String(v);
    const x = v._value;
    switch (v.$type) {
      case 'Null': return 'null';
      case 'String': return x;
      case 'List': return `[${x.map(showInner).join(', ')}]`;
      case 'Map': return `{${Object.entries(x).map(([k, y]) => `${k}: ${showInner(y)}`).join(', ')}}`;
      case 'Node': return `(${x._labels.map((l) => `:${l}`).join('')} ${showInner({ $type: 'Map', _value: x._properties })})`;
      case 'Relationship': return `[:${x._type} ${showInner({ $type: 'Map', _value: x._properties })}]`;
      case 'Path': {
        let s = '';
        for (let i = 0; i < x.length; i++) {
          const e = x[i]._value;
          if (x[i].$type === 'Node') s += `(${nodeName(e)})`;
          else {
            const next = x[i + 1]._value._element_id;
            s += e._end_node_element_id === next ? `-[:${e._type}]->` : `<-[:${e._type}]-`;
          }
        }
        return s;
      }
      default: return String(x);
    }
  }

  function showInner(v) {
    return v && v.$type === 'String' ? `'${v._value}'` : show(v);
  }

  function plain(v) {
    if (!v || typeof v !== 'object') return v;
    if (v.$type === 'List') return v._value.map(plain);
    if (v.$type === 'Map') return Object.fromEntries(Object.entries(v._value).map(([k, y]) => [k, plain(y)]));
    if (v.$type === 'Integer') return Number(v._value);
    return v._value;
  }

  function nodeName(n) {
    const p = n._properties;
    if (p.name && p.name.$type === 'String') return p.name._value;
    return n._labels[0] || `#${n._element_id}`;
  }

  // --- The table --------------------------------------------------------------------

  function renderTable(fields, rows) {
    const table = $('table');
    table.replaceChildren();
    const head = table.createTHead().insertRow();
    for (const f of fields) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = f;
      head.append(th);
    }
    const body = table.createTBody();
    for (const row of rows.slice(0, MAX_TABLE_ROWS)) {
      const tr = body.insertRow();
      for (const v of row) tr.insertCell().textContent = show(v);
    }
    const notice = $('table-notice');
    notice.hidden = rows.length <= MAX_TABLE_ROWS;
    notice.textContent = `Showing the first ${MAX_TABLE_ROWS} of ${rows.length} rows. Add a LIMIT, or use Bolt or the kgq program for the whole result.`;
  }

  // --- The graph --------------------------------------------------------------------

  const graph = { nodes: new Map(), edges: new Map(), dropped: 0 };
  let view = { x: 0, y: 0, k: 1 };
  let simulation = null;
  const labelColours = new Map();
  const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac', '#e15759'];

  function colourOf(label) {
    if (!labelColours.has(label)) labelColours.set(label, PALETTE[labelColours.size % PALETTE.length]);
    return labelColours.get(label);
  }

  // Collects the nodes and relationships anywhere in a value.
  function collect(v, nodes, edges) {
    if (!v || typeof v !== 'object') return;
    switch (v.$type) {
      case 'Node': nodes.push(v._value); return;
      case 'Relationship': edges.push(v._value); return;
      case 'Path':
      case 'List': v._value.forEach((x) => collect(x, nodes, edges)); return;
      case 'Map': Object.values(v._value).forEach((x) => collect(x, nodes, edges)); return;
      default:
    }
  }

  // Adds what @rows hold to the drawing; @near places new nodes around a node.
  function addToGraph(rows, near) {
    const nodes = [];
    const edges = [];
    for (const row of rows) for (const v of row) collect(v, nodes, edges);
    let i = 0;
    for (const n of nodes) {
      if (graph.nodes.has(n._element_id)) continue;
      if (graph.nodes.size >= MAX_GRAPH_NODES) {
        graph.dropped++;
        continue;
      }
      const angle = (2 * Math.PI * i++) / Math.max(nodes.length, 1);
      const r = near ? 80 : 40 + 12 * Math.sqrt(graph.nodes.size + 1) * 10;
      const cx = near ? near.x : 0;
      const cy = near ? near.y : 0;
      graph.nodes.set(n._element_id, { id: n._element_id, data: n, x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle), vx: 0, vy: 0 });
    }
    for (const e of edges) {
      if (graph.edges.has(e._element_id)) continue;
      if (!graph.nodes.has(e._start_node_element_id) || !graph.nodes.has(e._end_node_element_id)) continue;
      graph.edges.set(e._element_id, { id: e._element_id, data: e });
    }
  }

  function clearGraph() {
    graph.nodes.clear();
    graph.edges.clear();
    graph.dropped = 0;
    view = { x: 0, y: 0, k: 1 };
  }

  function sourcesText(props) {
    const s = props.sources;
    if (!s) return '';
    const list = plain(s);
    return `sources: ${Array.isArray(list) ? list.join(', ') : list}`;
  }

  function el(name, attrs) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }

  function renderGraph() {
    const nodesG = $('nodes');
    const edgesG = $('edges');
    nodesG.replaceChildren();
    edgesG.replaceChildren();
    // Relationships between the same two nodes bend apart.
    const pairs = new Map();
    for (const e of graph.edges.values()) {
      const a = e.data._start_node_element_id;
      const b = e.data._end_node_element_id;
      const key = a < b ? `${a}|${b}` : `${b}|${a}`;
      const list = pairs.get(key) || [];
      e.bend = list.length;
      e.flip = a > b;
      list.push(e);
      pairs.set(key, list);
    }
    for (const e of graph.edges.values()) {
      const conflict = conflictIds.has(e.id);
      const g = el('g', {
        class: conflict ? 'edge conflict' : 'edge',
        'data-id': e.id,
        'data-type': e.data._type,
        'data-from': e.data._start_node_element_id,
        'data-to': e.data._end_node_element_id,
      });
      const path = el('path', { 'marker-end': conflict ? 'url(#arrow-conflict)' : 'url(#arrow)' });
      const text = el('text', { class: 'edge-label' });
      text.textContent = (conflict ? 'conflict: ' : '') + e.data._type;
      const title = el('title');
      const ev = e.data._properties.evidence;
      title.textContent = [e.data._type + (conflict ? ' (a conflicting claim)' : ''), sourcesText(e.data._properties), ev ? `evidence: ${show(ev)}` : '']
        .filter(Boolean).join('\n');
      g.append(path, text, title);
      e.el = { g, path, text };
      edgesG.append(g);
    }
    for (const n of graph.nodes.values()) {
      const labels = n.data._labels;
      const g = el('g', { class: 'node', tabindex: 0, role: 'button', 'data-id': n.id, 'data-name': nodeName(n.data), 'data-labels': labels.join(',') });
      g.setAttribute('aria-label', `${nodeName(n.data)} (${labels.join(', ') || 'no label'}): press Enter to expand`);
      const circle = el('circle', { r: 16, fill: labels.length ? colourOf(labels[0]) : '#94a3b8' });
      const text = el('text', { class: 'node-label', y: 30 });
      text.textContent = nodeName(n.data);
      const title = el('title');
      title.textContent = [`${nodeName(n.data)}`, labels.map((l) => `:${l}`).join(''), sourcesText(n.data._properties)].filter(Boolean).join('\n');
      g.append(circle, text, title);
      n.el = g;
      g.addEventListener('dblclick', (ev) => {
        ev.stopPropagation();
        expand(n);
      });
      g.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          expand(n);
        }
      });
      g.addEventListener('pointerdown', (ev) => startDrag(ev, n));
      g.addEventListener('mouseenter', () => showTooltip(g, title.textContent));
      g.addEventListener('mouseleave', hideTooltip);
      g.addEventListener('focus', () => showTooltip(g, title.textContent));
      g.addEventListener('blur', hideTooltip);
      nodesG.append(g);
    }
    for (const e of graph.edges.values()) {
      e.el.g.addEventListener('mouseenter', () => showTooltip(e.el.g, e.el.g.querySelector('title').textContent));
      e.el.g.addEventListener('mouseleave', hideTooltip);
    }
    renderLegend();
    const notice = $('graph-notice');
    notice.hidden = graph.dropped === 0;
    notice.textContent = `Drawing ${graph.nodes.size} nodes; ${graph.dropped} more were cut. Narrow the query to see them.`;
    startSimulation();
  }

  function renderLegend() {
    const legend = $('legend');
    legend.replaceChildren();
    const used = new Set();
    for (const n of graph.nodes.values()) for (const l of n.data._labels.slice(0, 1)) used.add(l);
    for (const l of [...used].sort()) {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = colourOf(l);
      li.append(swatch, document.createTextNode(l));
      legend.append(li);
    }
    const c = document.createElement('li');
    const line = document.createElement('span');
    line.className = 'swatch conflict-line';
    c.append(line, document.createTextNode('conflicting claim'));
    legend.append(c);
  }

  function showTooltip(target, text) {
    const tip = $('tooltip');
    const box = $('graph-box').getBoundingClientRect();
    const r = target.getBoundingClientRect();
    tip.textContent = text;
    tip.style.left = `${r.right - box.left + 6}px`;
    tip.style.top = `${r.top - box.top}px`;
    tip.hidden = false;
  }

  function hideTooltip() {
    $('tooltip').hidden = true;
  }

  // Positions every drawn element from the simulation's coordinates.
  function draw() {
    $('viewport').setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.k})`);
    // Labels stay readable when the picture is zoomed out to fit.
    const grow = 1 / Math.max(view.k, 0.55);
    $('nodes').style.fontSize = `${(11 * grow).toFixed(1)}px`;
    $('edges').style.fontSize = `${(9.5 * grow).toFixed(1)}px`;
    for (const n of graph.nodes.values()) n.el.setAttribute('transform', `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`);
    for (const e of graph.edges.values()) {
      const a = graph.nodes.get(e.data._start_node_element_id);
      const b = graph.nodes.get(e.data._end_node_element_id);
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len = Math.hypot(dx, dy) || 1;
      const ux = dx / len;
      const uy = dy / len;
      const sx = a.x + ux * 17;
      const sy = a.y + uy * 17;
      const ex = b.x - ux * 19;
      const ey = b.y - uy * 19;
      const side = e.bend === 0 ? 0 : (e.bend % 2 ? 1 : -1) * Math.ceil(e.bend / 2) * 28 * (e.flip ? -1 : 1);
      const mx = (sx + ex) / 2 - uy * side;
      const my = (sy + ey) / 2 + ux * side;
      e.el.path.setAttribute('d', `M${sx.toFixed(1)},${sy.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`);
      e.el.text.setAttribute('x', ((sx + ex) / 2 - (uy * side) / 2).toFixed(1));
      e.el.text.setAttribute('y', ((sy + ey) / 2 + (ux * side) / 2 - 3).toFixed(1));
    }
  }

  // A few hundred steps of repulsion, springs and a pull to the centre, then rest.
  function startSimulation() {
    if (simulation) cancelAnimationFrame(simulation.frame);
    simulation = { steps: 0, frame: 0 };
    const nodes = [...graph.nodes.values()];
    const tick = () => {
      const alpha = Math.max(0.02, 1 - simulation.steps / 300);
      for (let i = 0; i < nodes.length; i++)
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i];
          const b = nodes[j];
          let dx = b.x - a.x;
          let dy = b.y - a.y;
          let d2 = dx * dx + dy * dy;
          if (d2 < 1) {
            dx = Math.random() - 0.5;
            dy = Math.random() - 0.5;
            d2 = 1;
          }
          const f = (2400 * alpha) / d2;
          a.vx -= dx * f;
          a.vy -= dy * f;
          b.vx += dx * f;
          b.vy += dy * f;
        }
      for (const e of graph.edges.values()) {
        const a = graph.nodes.get(e.data._start_node_element_id);
        const b = graph.nodes.get(e.data._end_node_element_id);
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const d = Math.hypot(dx, dy) || 1;
        const f = ((d - 110) / d) * 0.05 * alpha;
        a.vx += dx * f;
        a.vy += dy * f;
        b.vx -= dx * f;
        b.vy -= dy * f;
      }
      for (const n of nodes) {
        n.vx -= n.x * 0.02 * alpha;
        n.vy -= n.y * 0.02 * alpha;
        if (n.fixed) {
          n.vx = 0;
          n.vy = 0;
          continue;
        }
        n.x += Math.max(-30, Math.min(30, n.vx));
        n.y += Math.max(-30, Math.min(30, n.vy));
        n.vx *= 0.6;
        n.vy *= 0.6;
      }
      draw();
      if (!view.moved && (simulation.steps === 60 || simulation.steps === 299)) fit();
      if (++simulation.steps < 300) simulation.frame = requestAnimationFrame(tick);
      else $('graph').setAttribute('data-settled', 'true');
    };
    $('graph').removeAttribute('data-settled');
    tick();
  }

  function fit() {
    const box = $('graph').getBoundingClientRect();
    if (graph.nodes.size === 0 || box.width === 0) return;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const n of graph.nodes.values()) {
      minX = Math.min(minX, n.x - 40);
      maxX = Math.max(maxX, n.x + 40);
      minY = Math.min(minY, n.y - 30);
      maxY = Math.max(maxY, n.y + 40);
    }
    const k = Math.min(2, box.width / (maxX - minX), box.height / (maxY - minY));
    view = { k, x: box.width / 2 - ((minX + maxX) / 2) * k, y: box.height / 2 - ((minY + maxY) / 2) * k, moved: false };
    draw();
  }

  function zoom(factor, cx, cy) {
    const box = $('graph').getBoundingClientRect();
    const px = cx === undefined ? box.width / 2 : cx;
    const py = cy === undefined ? box.height / 2 : cy;
    const k = Math.max(0.1, Math.min(8, view.k * factor));
    view.x = px - ((px - view.x) * k) / view.k;
    view.y = py - ((py - view.y) * k) / view.k;
    view.k = k;
    view.moved = true;
    draw();
  }

  // Dragging a node moves it; dragging the background pans.
  function startDrag(ev, node) {
    ev.preventDefault();
    ev.stopPropagation();
    const svg = $('graph');
    const start = { x: ev.clientX, y: ev.clientY, nx: node ? node.x : view.x, ny: node ? node.y : view.y };
    if (node) node.fixed = true;
    const move = (m) => {
      const dx = m.clientX - start.x;
      const dy = m.clientY - start.y;
      if (node) {
        node.x = start.nx + dx / view.k;
        node.y = start.ny + dy / view.k;
      } else {
        view.x = start.nx + dx;
        view.y = start.ny + dy;
        view.moved = true;
      }
      draw();
    };
    const up = () => {
      svg.removeEventListener('pointermove', move);
      svg.removeEventListener('pointerup', up);
      svg.removeEventListener('pointercancel', up);
    };
    svg.addEventListener('pointermove', move);
    svg.addEventListener('pointerup', up);
    svg.addEventListener('pointercancel', up);
  }

  async function expand(node) {
    setStatus(`Expanding ${nodeName(node.data)}…`);
    const { status, json } = await api(API, {
      body: {
        statement: `MATCH (n)-[r]-(m) WHERE elementId(n) = $id RETURN n, r, m LIMIT ${EXPAND_LIMIT}`,
        parameters: { id: node.id },
      },
    });
    if (status !== 202) {
      showError(json.errors[0], '');
      return;
    }
    const before = graph.nodes.size;
    addToGraph(json.data.values, node);
    renderGraph();
    setStatus(`${nodeName(node.data)}: ${graph.nodes.size - before} new neighbours (at most ${EXPAND_LIMIT} relationships).`);
  }

  // --- Running ----------------------------------------------------------------------

  function setStatus(text) {
    $('status').textContent = text;
  }

  function showError(err, query) {
    const box = $('error');
    box.hidden = false;
    const pos = err.position;
    $('error-title').textContent = pos ? `${err.code} at line ${pos.line}, column ${pos.column}` : err.code;
    $('error-message').textContent = err.message;
    if (pos && query && query === $('query').value) {
      const q = $('query');
      q.focus();
      q.setSelectionRange(pos.offset, Math.min(pos.offset + 1, q.value.length));
    }
  }

  function selectTab(which) {
    const table = which === 'table';
    $('tab-table').setAttribute('aria-selected', String(table));
    $('tab-graph').setAttribute('aria-selected', String(!table));
    $('table-view').hidden = !table;
    $('graph-view').hidden = table;
    if (!table) fit();
  }

  async function run(statement, parameters, { tab } = {}) {
    $('error').hidden = true;
    setStatus('Running…');
    const started = performance.now();
    const { status, json } = await api(API, { body: { statement, parameters, includeCounters: true } });
    const ms = Math.round(performance.now() - started);
    if (status !== 202) {
      setStatus(`Failed after ${ms} ms.`);
      showError(json.errors[0], statement);
      return false;
    }
    if (json.counters && json.counters.containsUpdates) await refreshConflicts();
    const rows = json.data.values;
    renderTable(json.data.fields, rows);
    clearGraph();
    addToGraph(rows);
    renderGraph();
    const changes = json.counters && json.counters.containsUpdates
      ? ` ${['nodesCreated', 'nodesDeleted', 'relationshipsCreated', 'relationshipsDeleted', 'propertiesSet'].filter((k) => json.counters[k]).map((k) => `${k} ${json.counters[k]}`).join(', ')}.`
      : '';
    setStatus(`${rows.length} ${rows.length === 1 ? 'row' : 'rows'} in ${ms} ms; ${graph.nodes.size} nodes and ${graph.edges.size} relationships drawn.${changes}`);
    selectTab(tab || (graph.nodes.size > 0 ? 'graph' : 'table'));
    return true;
  }

  async function runEditor() {
    const statement = $('query').value;
    let parameters;
    try {
      parameters = JSON.parse($('params').value.trim() || '{}');
      if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) throw new Error('not an object');
    } catch (e) {
      $('error').hidden = false;
      $('error-title').textContent = 'The parameters are not a JSON object';
      $('error-message').textContent = e.message;
      $('params').focus();
      return;
    }
    if (statement.trim() === '') return;
    remember(statement);
    await run(statement, parameters);
  }

  // A saved query from the server, run as typed.
  async function runSaved(name) {
    let text;
    try {
      const res = await fetch(SAVED + encodeURIComponent(name));
      if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
      text = await res.text();
    } catch (e) {
      setStatus(`The saved query ${name} could not be read: ${e.message}`);
      return;
    }
    // The editor runs one statement: the file's final ';' is left out.
    await runPreset(text.replace(/;\s*$/, ''), {});
  }

  async function runPreset(statement, parameters) {
    $('query').value = statement;
    $('params').value = JSON.stringify(parameters);
    remember(statement);
    await run(statement, parameters);
  }

  // --- Wiring -----------------------------------------------------------------------

  function wire() {
    $('login').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    $('run').addEventListener('click', runEditor);
    $('flag-journey').addEventListener('click', () => runSaved('flag-journey'));
    $('conflicts').addEventListener('click', async () => runPreset(CONFLICTS, { ids: await refreshConflicts() }));
    for (const id of ['query', 'params'])
      $(id).addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
          ev.preventDefault();
          runEditor();
        } else if (id === 'query' && ev.ctrlKey && (ev.key === 'ArrowUp' || ev.key === 'ArrowDown')) {
          ev.preventDefault();
          walkHistory(ev.key === 'ArrowUp' ? 1 : -1);
        }
      });
    $('tab-table').addEventListener('click', () => selectTab('table'));
    $('tab-graph').addEventListener('click', () => selectTab('graph'));
    for (const id of ['tab-table', 'tab-graph'])
      $(id).addEventListener('keydown', (ev) => {
        if (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight') {
          const other = id === 'tab-table' ? 'graph' : 'table';
          selectTab(other);
          $(`tab-${other}`).focus();
        }
      });
    $('zoom-in').addEventListener('click', () => zoom(1.25));
    $('zoom-out').addEventListener('click', () => zoom(0.8));
    $('zoom-fit').addEventListener('click', fit);
    const svg = $('graph');
    svg.addEventListener('wheel', (ev) => {
      ev.preventDefault();
      const box = svg.getBoundingClientRect();
      zoom(ev.deltaY < 0 ? 1.15 : 1 / 1.15, ev.clientX - box.left, ev.clientY - box.top);
    }, { passive: false });
    svg.addEventListener('pointerdown', (ev) => startDrag(ev, null));
  }

  async function start() {
    wire();
    const info = await (await fetch('/kgq/info', { credentials: 'omit' })).json();
    authOn = info.auth;
    if (!authOn) await showApp('');
    else if (token) await showApp(sessionStorage.getItem('kgq-user') || '');
    else showLogin('');
  }

  start();
})();
