/**
 * Invalid templates are reported, never passed (issue 16 item 6): a resource `Type` that is a number,
 * null or empty, and `Resources` that is a list, a string or null give a located meta/invalid-resource
 * error and exit code 1, as the README's exit codes say, through the real CLI (node dist/cli.js).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  // `npm test` builds first; run alone, this file builds when the bundle is missing or older than src.
  const sources = Math.max(
    newestSource(join(ROOT, 'src')),
    statSync(join(ROOT, 'scripts/build.mjs')).mtimeMs,
  );
  if (!existsSync(CLI) || statSync(CLI).mtimeMs < sources)
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}, 180_000);

const dir = mkdtempSync(join(tmpdir(), 'ownless-invalid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = "AWSTemplateFormatVersion: '2010-09-09'\n";
const CASES: [string, string, string][] = [
  ['Type: 42', 'Resources:\n  Fn:\n    Type: 42\n', 'The Type of resource Fn is not a plain string'],
  ['Type: null', 'Resources:\n  Fn:\n    Type: null\n', 'Resource Fn has no Type'],
  ["Type: ''", "Resources:\n  Fn:\n    Type: ''\n", 'Resource Fn has no Type'],
  ['Resources a list', 'Resources:\n  - a\n  - b\n', 'Resources is not a mapping'],
  ['Resources a string', 'Resources: hello\n', 'Resources is not a mapping'],
  ['Resources null', 'Resources: null\n', 'Resources is not a mapping'],
  ['Resources empty', 'Resources:\n', 'Resources is not a mapping'],
];

describe('ownless lint on invalid templates', () => {
  it.each(CASES)('%s: a located error, exit 1', (name, body, message) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, HEAD + body);
    const r = spawnSync(process.execPath, [CLI, 'lint', file], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(message);
    expect(r.stdout).toMatch(/\d+:\d+\s+error/);
    expect(r.stdout).toContain('meta/invalid-resource');
  });
});
