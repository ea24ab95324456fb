// Proves that a change (a refactor, typically) leaves the findings on the whole shared corpus as they
// were: lints the corpus with the CLI built from an earlier commit and with the working tree's, each with
// `--profile strict` and with the default profile (so rules that `recommended` turns off are covered too),
// and prints what only one side found.
//
//   node bench/corpus-diff.mjs <commit> [--corpus <dir>] [--show <n>] [--rebuild]
//
// The corpus: --corpus, else OWNLESS_CORPUS, else ../shared/corpus beside the project. The commit is
// checked out in a git worktree under bench/.cache/diff/<sha> (git-ignored, like bench/ab.mjs's) and built
// there once; later runs reuse that build unless --rebuild. Findings are compared by rule id, file
// (relative to the corpus), range, severity and message; parse problems, the files reported and the
// CLI's notes on stderr are compared too. Prints a count per rule id of the findings only at the commit
// (-) and only in the working tree (+), then the first --show (default 20) differences of each kind in
// full. Exit 0 when both sides agree, 1 when they differ, 2 on a usage error or when a side could not be
// built or linted.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const USAGE = 'usage: node bench/corpus-diff.mjs <commit> [--corpus <dir>] [--show <n>] [--rebuild]\n';
const started = performance.now();

/** Usage errors (and a side that cannot be built or linted: no comparison is possible) exit 2. */
function fail(message, usage = false) {
  process.stderr.write(`corpus-diff: ${message}\n${usage ? USAGE : ''}`);
  process.exit(2);
}
const progress = (message) => process.stderr.write(`corpus-diff: ${message}\n`);
// Node exits 1 on an uncaught error, which would read as "the findings differ": a git command that fails,
// or an old commit whose JSON has another shape, is a comparison that could not be made.
process.on('uncaughtException', (e) => fail(e.stack ?? String(e)));

let values, positionals;
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      corpus: { type: 'string' },
      show: { type: 'string', default: '20' },
      rebuild: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  fail(e.message, true);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) fail(positionals.length ? 'one commit only' : 'which commit?', true);
const show = Number(values.show);
if (!Number.isInteger(show) || show < 0) fail('--show must be a whole number of 0 or more', true);

const corpusFrom =
  values.corpus !== undefined ? '--corpus' : process.env.OWNLESS_CORPUS ? 'OWNLESS_CORPUS' : '';
const corpus = resolve(values.corpus ?? (process.env.OWNLESS_CORPUS || join(ROOT, '..', 'shared', 'corpus')));
if (!existsSync(corpus) || !statSync(corpus).isDirectory()) {
  fail(
    `no corpus folder at ${corpus} (${corpusFrom || 'the default, ../shared/corpus beside the project'}): ` +
      'set OWNLESS_CORPUS or pass --corpus <dir>',
    true,
  );
}
if (!existsSync(join(ROOT, 'node_modules'))) fail(`no ${join(ROOT, 'node_modules')}: run npm ci first`);

const git = (...args) =>
  execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
let sha;
try {
  sha = git('rev-parse', '--verify', '--quiet', `${positionals[0]}^{commit}`);
} catch {
  fail(`${positionals[0]} is not a commit of this repository`, true);
}
const short = sha.slice(0, 7);

/** `node scripts/build.mjs` in a tree; its output goes to stderr, as stdout carries the comparison. */
function build(dir, label) {
  progress(`building ${label} (node scripts/build.mjs in ${dir})`);
  const run = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, stdio: ['ignore', 2, 2] });
  if (run.status !== 0) fail(`building ${label} failed (exit ${run.status ?? run.signal})`);
}

// The commit's tree, kept by its full sha: the build in it stays valid for as long as the tree exists.
const tree = join(ROOT, 'bench', '.cache', 'diff', sha);
const stamp = join(tree, 'dist', '.corpus-diff-built');
if (!existsSync(join(tree, '.git'))) {
  // A folder without .git is left from an interrupted `worktree add`; a deleted folder leaves a stale
  // registration that would make the add below fail: clear both.
  rmSync(tree, { recursive: true, force: true });
  git('worktree', 'prune');
  mkdirSync(dirname(tree), { recursive: true });
  progress(`checking out ${short} in ${tree}`);
  git('worktree', 'add', '--detach', tree, sha);
}
// The working tree's dependencies, as bench/ab.mjs does: installing per commit would take longer than the
// comparison, and a change of dependency versions between the two is worth noticing anyway.
try {
  lstatSync(join(tree, 'node_modules'));
} catch {
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
}
if (values.rebuild || !existsSync(stamp)) {
  build(tree, short);
  // Written only after a build that succeeded, so an interrupted one is redone next time.
  writeFileSync(stamp, `${sha}\n`);
} else progress(`using the build of ${short} cached in ${tree} (--rebuild to build it again)`);
build(ROOT, 'the working tree');

/**
 * Lints the whole corpus with one CLI. Run from the corpus folder on `.`, so every path in the output is
 * relative to the corpus on both sides. The JSON of the whole corpus is a few MB: it is collected as
 * Buffers and parsed once (execFileSync's 1 MB default maxBuffer would cut it off).
 */
function lint(cli, profile, label) {
  const args = [
    cli,
    'lint',
    '.',
    '--format',
    'json',
    ...(profile === 'default' ? [] : ['--profile', profile]),
  ];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: corpus, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', (e) => fail(`${label}: ${e.message}`));
    child.on('close', (code, signal) => {
      // 1 only says that some finding (or parse problem) is an error; 2 is an unreadable path, a broken
      // configuration or a crash: then this side's findings are not all there to compare.
      if (code !== 0 && code !== 1) fail(`${label} exited ${code ?? signal}:\n${err}`);
      let report;
      try {
        report = JSON.parse(Buffer.concat(out).toString('utf8'));
      } catch (e) {
        fail(`${label} printed no JSON (${e.message}):\n${err}`);
      }
      done({ report, notes: err.split('\n').filter(Boolean) });
    });
  });
}

const span = (r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
/** What is compared of each kind of output, and how one item reads (1-based positions, as the text format). */
const KINDS = {
  findings: {
    items: (run) => run.report.findings,
    key: (f) => JSON.stringify([f.ruleId, f.path, span(f.range), f.severity, f.message]),
    group: (f) => f.ruleId,
    line: (f) =>
      `${f.path}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.severity}`,
  },
  'parse problems': {
    items: (run) =>
      run.report.files.flatMap((file) => file.parseErrors.map((p) => ({ path: file.path, ...p }))),
    key: (p) => JSON.stringify([p.path, span(p.range), p.message]),
    group: () => '(parse problems)',
    line: (p) => `${p.path}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}`,
  },
  files: {
    items: (run) => run.report.files.map((file) => ({ path: file.path, format: file.format })),
    key: (f) => JSON.stringify([f.path, f.format]),
    group: () => '(files reported)',
    line: (f) => `${f.path} (${f.format})`,
  },
  notes: {
    items: (run) => run.notes.map((note) => ({ note })),
    key: (n) => n.note,
    group: () => '(CLI notes on stderr)',
    line: (n) => n.note,
  },
};

/** Items on one side only, as multisets: a finding reported twice where it was once is a difference too. */
function oneSided(before, after, key) {
  const byKey = new Map();
  const entry = (k) => byKey.get(k) ?? byKey.set(k, { before: [], after: [] }).get(k);
  for (const item of before) entry(key(item)).before.push(item);
  for (const item of after) entry(key(item)).after.push(item);
  const removed = [];
  const added = [];
  for (const { before: b, after: a } of byKey.values()) {
    removed.push(...b.slice(a.length));
    added.push(...a.slice(b.length));
  }
  return { removed, added };
}

const PROFILES = ['strict', 'default'];
const cliAt = join(tree, 'dist', 'cli.js');
const cliHere = join(ROOT, 'dist', 'cli.js');
progress(`linting ${corpus} with both CLIs, --profile strict and the default profile`);
const runs = {};
for (const profile of PROFILES) {
  // Both sides of a profile at once: the runs are independent, and two cores halve the wait.
  const [before, after] = await Promise.all([
    lint(cliAt, profile, `${short}'s CLI (${profile} profile)`),
    lint(cliHere, profile, `the working tree's CLI (${profile} profile)`),
  ]);
  runs[profile] = { before, after };
}

const out = (s = '') => process.stdout.write(`${s}\n`);
out(`corpus-diff: ${corpus}, ${short} (-) against the working tree (+)`);
const sizes = (run) =>
  `${run.report.findings.length} findings, ${KINDS['parse problems'].items(run).length} parse problems ` +
  `in ${run.report.files.length} files`;
for (const profile of PROFILES) {
  const { before, after } = runs[profile];
  out(`  ${`${profile} profile:`.padEnd(17)} ${short}: ${sizes(before)}; working tree: ${sizes(after)}`);
}

// Per kind, the differences of both profiles merged: an item that differs in both is listed once, with
// the profiles it differs in; the counts per rule id stay per profile.
const counts = new Map();
const differences = {};
let total = 0;
for (const [kind, { items, key, group }] of Object.entries(KINDS)) {
  const merged = new Map();
  for (const profile of PROFILES) {
    const { removed, added } = oneSided(items(runs[profile].before), items(runs[profile].after), key);
    for (const [sign, list] of [
      ['-', removed],
      ['+', added],
    ]) {
      for (const item of list) {
        total++;
        const row = counts.get(group(item)) ?? counts.set(group(item), {}).get(group(item));
        const cell = (row[profile] ??= { '-': 0, '+': 0 });
        cell[sign]++;
        const id = `${sign}${key(item)}`;
        const seen = merged.get(id);
        // A key that occurs twice on one side gets its profile listed twice: once per occurrence.
        if (seen) seen.profiles.push(profile);
        else merged.set(id, { sign, item, profiles: [profile] });
      }
    }
  }
  differences[kind] = [...merged.values()];
}

if (total === 0) out('no differences');
else printDifferences();
progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
// Not process.exit: it could drop the end of a long report still being written to a pipe.
process.exitCode = total === 0 ? 0 : 1;

function printDifferences() {
  out();
  out(`differences per rule id (-: only at ${short}, +: only in the working tree):`);
  const width = Math.max(...[...counts.keys()].map((k) => k.length), 'rule id'.length);
  out(`  ${'rule id'.padEnd(width)}  ${PROFILES.map((p) => p.padEnd(14)).join('')}`.trimEnd());
  for (const [id, row] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    const cells = PROFILES.map((p) => (row[p] ? `-${row[p]['-']} +${row[p]['+']}` : '').padEnd(14));
    out(`  ${id.padEnd(width)}  ${cells.join('')}`.trimEnd());
  }
  for (const [kind, list] of Object.entries(differences)) {
    if (list.length === 0) continue;
    out();
    out(`${kind}: ${list.length} differing${list.length > show ? `, the first ${show}` : ''}:`);
    for (const { sign, item, profiles } of list.sort(compare).slice(0, show)) {
      out(`${sign} [${[...new Set(profiles)].join(', ')}] ${KINDS[kind].line(item)}`);
      if (kind !== 'findings') continue;
      out(`    ${item.message}`);
      // The whole finding as the CLI printed it, with what the comparison leaves out (tenet, functions,
      // fixes), to tell what else changed with it.
      out(`    ${JSON.stringify(item)}`);
    }
  }
}

// Sorted by file, position and profile, so that a finding whose message or range changed reads as its -
// line followed by its + line.
function compare(a, b) {
  const position = (item) => [
    item.path ?? '',
    item.range?.start.line ?? -1,
    item.range?.start.character ?? -1,
  ];
  const [pa, la, ca] = position(a.item);
  const [pb, lb, cb] = position(b.item);
  return (
    pa.localeCompare(pb) ||
    la - lb ||
    ca - cb ||
    (a.item.ruleId ?? '').localeCompare(b.item.ruleId ?? '') ||
    PROFILES.indexOf(a.profiles[0]) - PROFILES.indexOf(b.profiles[0]) ||
    (a.sign === '-' ? -1 : 1) - (b.sign === '-' ? -1 : 1)
  );
}
