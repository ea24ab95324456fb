// CPU profile of the Ownless core on one template: `node bench/profile.mjs [template] [runs] [step]`
// (defaults: the generated big-sam (lib/big-sam.mjs; no corpus needed), 20, lint; step is parse, model,
// rules, lint or relint: re-lints after a one-line edit, each from the last). Runs the work under
// `node --cpu-prof`, then prints self and total time by function with the source module each
// function comes from. The .cpuprofile stays in bench/.cache/prof/ (open it in Chrome DevTools).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_BUNDLE, ROOT, buildCore } from './lib/build-core.mjs';
import { BIG_SAM } from './lib/big-sam.mjs';

const [file = BIG_SAM, runs = '20', step = 'lint'] = process.argv.slice(2);
const dir = join(ROOT, 'bench', '.cache', 'prof');
mkdirSync(dir, { recursive: true });
await buildCore();
const started = Date.now();
execFileSync(
  process.execPath,
  [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    '--cpu-prof-interval=200',
    join(ROOT, 'bench', 'lib', 'profile-target.mjs'),
    CORE_BUNDLE,
    file,
    runs,
    step,
  ],
  { stdio: 'inherit' },
);
const latest = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => join(dir, f))
  .filter((f) => statSync(f).mtimeMs >= started - 1000)
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
const top = Number(process.env.TOP ?? 30);
process.stdout.write(
  summarizeProfile(JSON.parse(readFileSync(latest, 'utf8')), top) + `\nprofile: ${latest}\n`,
);

/** Self and total time per function, keyed by name + source module (found from esbuild's `// path` markers). */
export function summarizeProfile(profile, limit) {
  const markers = [];
  readFileSync(CORE_BUNDLE, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(line);
      if (m) markers.push([i, m[1]]);
    });
  const moduleAt = (line) => {
    let lo = 0;
    let hi = markers.length - 1;
    let found = '?';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (markers[mid][0] <= line) {
        found = markers[mid][1];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map();
  for (const n of profile.nodes) {
    const { functionName, url, lineNumber } = n.callFrame;
    const name = functionName || '(anonymous)';
    let where = '';
    if (url.endsWith('core.cjs')) where = `${moduleAt(lineNumber)}`;
    else if (url) where = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
    keyOf.set(n.id, where ? `${name}  [${where}]` : name);
  }
  const self = new Map();
  const total = new Map();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    const k = keyOf.get(id);
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const key = keyOf.get(cur);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + dt);
    }
    if (!byId.has(id)) throw new Error(`sample for unknown node ${id}`);
  });
  const table = (title, map) => {
    const rows = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
    return [
      `${title} (of ${(all / 1000).toFixed(0)} ms sampled)`,
      ...rows.map(
        ([k, us]) =>
          `${((100 * us) / all).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`,
      ),
    ].join('\n');
  };
  return `${table('Self time', self)}\n\n${table('Total time (inclusive)', total)}\n`;
}
