// A/B of big-sam's cold lint and re-lint: an earlier commit against the working tree, measured in
// alternating processes on the same minutes (this machine's speed drifts by 20–30% over minutes, so
// runs taken apart in time do not compare). `node bench/ab.mjs <commit> [rounds]` (default 3 rounds).
// The commit is checked out in a git worktree under bench/.cache/ab/ and its core bundled there. Both
// sides lint the generated big-sam (lib/big-sam.mjs): no shared corpus is needed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_BUNDLE, ROOT, buildCore } from './lib/build-core.mjs';

const [commit, roundsArg = '3'] = process.argv.slice(2);
if (!commit) {
  process.stderr.write('usage: node bench/ab.mjs <commit> [rounds]\n');
  process.exit(2);
}
const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
const sha = git('rev-parse', '--short', commit);
const tree = join(ROOT, 'bench', '.cache', 'ab', sha);
if (!existsSync(tree)) {
  mkdirSync(join(ROOT, 'bench', '.cache', 'ab'), { recursive: true });
  git('worktree', 'add', '--detach', tree, sha);
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
}
const build = "import('./bench/lib/build-core.mjs').then((m) => m.buildCore())";
execFileSync(process.execPath, ['--input-type=module', '-e', build], { cwd: tree, stdio: 'inherit' });
const base = join(tree, 'bench', '.cache', 'core.cjs');
await buildCore();

const child = (bundle) =>
  JSON.parse(
    execFileSync(process.execPath, [join(ROOT, 'bench', 'lib', 'ab-child.mjs'), bundle], {
      encoding: 'utf8',
    }),
  );
const fmt = (r) => `cold ${r.cold.toFixed(1)} ms, re-lint ${r.relint.toFixed(2)} ms`;
for (let round = 1; round <= Number(roundsArg); round++) {
  const a = child(base);
  const b = child(CORE_BUNDLE);
  process.stdout.write(`round ${round}: ${sha}: ${fmt(a)}   working tree: ${fmt(b)}\n`);
}
