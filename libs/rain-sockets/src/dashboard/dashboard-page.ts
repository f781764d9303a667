/** Where the page finds its socket. */
export interface DashboardPageConfig {
  socketPath: string;
  namespace: string;
  event: string;
}

/**
 * The dashboard page: one HTML document with its style and script, no build step, no
 * dependency but the socket.io client that socket.io itself serves (`serveClient`, on by
 * default). Everything it shows comes over its socket; texts go in with textContent only.
 */
export function dashboardPage(config: DashboardPageConfig): string {
  const settings = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rain-sockets</title>
<style>
  :root { color-scheme: light dark; --muted: #6b7280; --ok: #15803d; --bad: #b91c1c; --line: #d1d5db; }
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; }
  h1 { font-size: 1.2rem; margin: 0 0 .25rem; }
  .muted { color: var(--muted); }
  .tiles { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
  .tile { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; min-width: 8rem; }
  .tile b { display: block; font-size: 1.4rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.25rem; }
  th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { font-weight: 600; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  .up { color: var(--ok); } .down { color: var(--bad); }
  #status.down::before { content: "● "; } #status.up::before { content: "● "; }
  svg { width: 100%; height: 48px; }
</style>
</head>
<body>
<h1>rain-sockets</h1>
<div class="muted">node <span data-testid="node">…</span> · updated <span data-testid="updated">never</span> · <span id="status" data-testid="status" class="down">connecting</span></div>
<div class="tiles">
  <div class="tile">connections<b data-testid="total-connections">0</b></div>
  <div class="tile">events/s<b data-testid="total-event-rate">0</b></div>
  <div class="tile">errors/s<b data-testid="total-error-rate">0</b></div>
  <div class="tile">evictions<b data-testid="total-evictions">0</b></div>
  <div class="tile">refusals<b data-testid="total-refusals">0</b></div>
  <div class="tile">Redis<b data-testid="redis">one node</b></div>
</div>
<svg viewBox="0 0 120 40" preserveAspectRatio="none" aria-label="events per second"><polyline data-testid="spark" fill="none" stroke="currentColor" stroke-width="1" points=""/></svg>
<h2>Nodes</h2>
<table><thead><tr><th>node</th><th>connections</th></tr></thead><tbody data-testid="nodes"></tbody></table>
<h2>Component namespaces</h2>
<table>
  <thead><tr><th>namespace</th><th>component</th><th>connections</th><th>events/s</th><th>errors/s</th><th>error codes</th><th>p50 ms</th><th>p95 ms</th><th>evictions</th><th>refusals</th><th>rooms</th><th>members</th><th>presences</th></tr></thead>
  <tbody data-testid="namespaces"></tbody>
</table>
<script src="${config.socketPath.replace(/\/$/, '')}/socket.io.min.js"></script>
<script>
(() => {
  const settings = ${settings};
  const $ = (id) => document.querySelector('[data-testid="' + id + '"]');
  const rates = [];
  const text = (value) => (value === null || value === undefined ? '–' : String(value));
  const pairs = (record) => Object.entries(record).map(([key, count]) => key + ' ' + count).join(', ') || '–';
  const cell = (row, value, testid, numeric) => {
    const td = document.createElement('td');
    td.textContent = text(value);
    if (testid) td.dataset.testid = testid;
    if (numeric) td.className = 'n';
    row.appendChild(td);
  };
  const status = (state, up) => { const el = $('status'); el.textContent = state; el.className = up ? 'up' : 'down'; };
  const socket = io(settings.namespace, { path: settings.socketPath, transports: ['websocket'] });
  socket.on('connect', () => status('live', true));
  socket.on('disconnect', () => status('disconnected', false));
  socket.on('connect_error', (error) => status('refused: ' + error.message, false));
  socket.on(settings.event, (snapshot) => {
    $('node').textContent = snapshot.node;
    $('updated').textContent = new Date(snapshot.at).toLocaleTimeString();
    let connections = 0, eventRate = 0, errorRate = 0, evictions = 0, refusals = snapshot.originRefusals;
    const body = $('namespaces');
    body.replaceChildren();
    for (const ns of snapshot.namespaces) {
      connections += ns.connections; eventRate += ns.eventRate; errorRate += ns.errorRate; evictions += ns.evictions;
      for (const count of Object.values(ns.refusals)) refusals += count;
      const row = document.createElement('tr');
      row.dataset.namespace = ns.name;
      cell(row, ns.name);
      cell(row, ns.componentId + ' ' + ns.version);
      cell(row, ns.connections, 'connections', true);
      cell(row, ns.eventRate, 'event-rate', true);
      cell(row, ns.errorRate, 'error-rate', true);
      cell(row, pairs(ns.errors), 'errors');
      cell(row, ns.p50, 'p50', true);
      cell(row, ns.p95, 'p95', true);
      cell(row, ns.evictions, 'evictions', true);
      cell(row, pairs(ns.refusals), 'refusals');
      cell(row, ns.rooms, 'rooms', true);
      cell(row, ns.roomMembers, 'members', true);
      cell(row, ns.presences, 'presences', true);
      body.appendChild(row);
    }
    const nodes = $('nodes');
    nodes.replaceChildren();
    for (const node of snapshot.nodes) {
      const row = document.createElement('tr');
      cell(row, node.id + (node.id === snapshot.node ? ' (this page)' : ''));
      cell(row, node.connections, 'node-connections', true);
      nodes.appendChild(row);
    }
    $('total-connections').textContent = connections;
    $('total-event-rate').textContent = Math.round(eventRate * 10) / 10;
    $('total-error-rate').textContent = Math.round(errorRate * 10) / 10;
    $('total-evictions').textContent = evictions;
    $('total-refusals').textContent = refusals;
    const redis = $('redis');
    if (!snapshot.redis) { redis.textContent = 'one node'; redis.className = ''; }
    else {
      const up = snapshot.redis.redis && snapshot.redis.adapter;
      redis.textContent = up ? 'up' + (snapshot.redis.latencyMs !== undefined ? ' ' + snapshot.redis.latencyMs.toFixed(1) + ' ms' : '') : 'down';
      redis.className = up ? 'up' : 'down';
      redis.title = snapshot.redis.error || (snapshot.redis.lagMs !== undefined ? 'adapter lag ' + snapshot.redis.lagMs + ' ms' : '');
    }
    rates.push(eventRate);
    if (rates.length > 120) rates.shift();
    const max = Math.max(1, ...rates);
    $('spark').setAttribute('points', rates.map((rate, i) => i + ',' + (40 - (rate / max) * 38).toFixed(1)).join(' '));
  });
})();
</script>
</body>
</html>
`;
}
