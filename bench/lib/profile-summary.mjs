// Reads V8 CPU profiles (--cpu-prof) and says where the server's time went: by package,
// by function (self time), and the library's own functions with what they call (total time).
// CLI: node bench/lib/profile-summary.mjs bench/profiles/echo
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OURS = /libs\/rain-sockets\//;

function shortUrl(url) {
  if (!url) return '(native)';
  return url.replace(/^file:\/\//, '').replace(ROOT, '').replace(/^.*node_modules\//, '');
}

function owner(url) {
  if (!url) return 'native (syscalls, GC, microtask queue)';
  if (url.startsWith('node:')) return 'node internals';
  const path = shortUrl(url);
  if (OURS.test(path)) return 'rain-sockets (libs/)';
  if (path.startsWith('bench/')) return 'bench fixtures';
  const scoped = /^(@[^/]+\/[^/]+|[^/]+)/.exec(path);
  return scoped ? scoped[1] : path;
}

/** Adds up self and total time (ms) per function over one or more profiles. */
export function analyze(profiles) {
  const self = new Map();
  const total = new Map();
  const byOwner = new Map();
  let all = 0;
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const selfUs = new Map();
    profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const visit = (node, onStack) => {
      const { functionName, url, lineNumber } = node.callFrame;
      // The profiler's own work (stopping it and building the profile) is not the server's.
      if (url === 'node:inspector') return 0;
      const name = `${shortUrl(url)}:${functionName || '(anonymous)'}${url ? `:${lineNumber + 1}` : ''}`;
      const mine = (selfUs.get(node.id) ?? 0) / 1000;
      let inclusive = mine;
      const stack = new Set(onStack).add(name);
      for (const child of node.children ?? []) inclusive += visit(nodes.get(child), stack);
      self.set(name, (self.get(name) ?? 0) + mine);
      if (!onStack.has(name)) total.set(name, (total.get(name) ?? 0) + inclusive);
      const who = node.callFrame.functionName === '(idle)' ? '(idle)' : owner(url);
      byOwner.set(who, (byOwner.get(who) ?? 0) + mine);
      all += mine;
      return inclusive;
    };
    visit(nodes.get(profile.nodes[0].id), new Set());
  }
  return { self, total, byOwner, all };
}

export function summarizeProfiles(paths, { top = 15 } = {}) {
  const { self, total, byOwner, all } = analyze(paths.map((p) => JSON.parse(readFileSync(p, 'utf8'))));
  const busy = all - (byOwner.get('(idle)') ?? 0);
  const pct = (ms) => `${((ms / busy) * 100).toFixed(1)}%`;
  const sorted = (map, filter = () => true) => [...map].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]);
  const lines = [`${paths.length} profile(s), ${(busy / 1000).toFixed(1)} s of CPU (idle excluded); shares are of that.`, ''];
  lines.push('Self time by package:', '', '| package | self |', '| --- | ---: |');
  for (const [who, ms] of sorted(byOwner, (k) => k !== '(idle)').slice(0, 12)) lines.push(`| ${who} | ${pct(ms)} |`);
  lines.push('', `Top ${top} functions by self time:`, '', '| function | self |', '| --- | ---: |');
  for (const [name, ms] of sorted(self, (k) => !k.includes(':(idle)') && !k.includes(':(program)')).slice(0, top)) lines.push(`| \`${name}\` | ${pct(ms)} |`);
  const ours = sorted(total, (k) => OURS.test(k)).slice(0, top);
  if (ours.length) {
    lines.push('', 'rain-sockets functions by total time (with what they call):', '', '| function | total |', '| --- | ---: |');
    for (const [name, ms] of ours) lines.push(`| \`${name}\` | ${pct(ms)} |`);
  }
  return lines.join('\n');
}

export function profilesIn(dir) {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(dir, f))
      .filter((p) => statSync(p).size > 0);
  } catch {
    return [];
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const paths = process.argv.slice(2).flatMap((p) => (p.endsWith('.cpuprofile') ? [p] : profilesIn(p)));
  console.log(summarizeProfiles(paths));
}
