/**
 * `ownless lint --fix` writes safely (issue 16 item 3), as a real process (node dist/cli.js): through a
 * temporary file beside the target and a rename, so a failed write (a full disk, simulated by a
 * preloaded module that fails the temporary file's write with ENOSPC) leaves the file as it was and
 * exits 2 with a message and no stack; never outside the project (the paths named and the nearest
 * configuration's folder); with the file's own line endings and byte order mark; and never a file
 * that is not valid UTF-8, which is a located problem instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ownless-fix-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function ownless(cwd: string, args: string[], nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A template with a safe fix (limits/explicit-limits inserts Timeout and MemorySize lines). */
const TEMPLATE = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  # the worker',
  '  Worker:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      Runtime: nodejs22.x',
  '      Handler: index.handler',
  '      InlineCode: exports.handler = async () => {};',
  '',
].join('\n');

/** Handler code with safe fixes: a literal region (one line) and a client built per call (moved, several lines). */
const HANDLER = [
  "const { S3Client } = require('@aws-sdk/client-s3');",
  "const archive = new S3Client({ region: 'eu-west-1' });",
  '',
  'exports.handler = async (event) => {',
  '  const s3 = new S3Client({});',
  '  return [archive, s3, event];',
  '};',
  '',
].join('\n');

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
const bareLineFeeds = (text: string): number => text.split('\n').length - text.split('\r\n').length;

describe('ownless lint --fix keeps the file as written', () => {
  it("keeps a CRLF template's line endings", () => {
    const dir = folder({ 'template.yaml': crlf(TEMPLATE) });
    const r = ownless(dir, ['lint', '--fix']);
    expect(r.stderr).toContain('ownless: fixed template.yaml');
    const fixed = readFileSync(join(dir, 'template.yaml'), 'utf8');
    expect(fixed).toContain('Timeout: 3\r\n');
    expect(bareLineFeeds(fixed)).toBe(0);
  });

  it("keeps a CRLF handler's line endings (a moved client spans several lines)", () => {
    const dir = folder({
      'template.yaml': TEMPLATE.replace(
        / {6}InlineCode.*\n/,
        '      CodeUri: src/\n      Timeout: 3\n      MemorySize: 128\n',
      ),
      'src/index.js': crlf(HANDLER),
    });
    const r = ownless(dir, ['lint', '--fix']);
    expect(r.stderr).toContain('ownless: fixed src/index.js');
    const fixed = readFileSync(join(dir, 'src/index.js'), 'utf8');
    expect(fixed).toContain('process.env.AWS_REGION');
    expect(fixed).not.toMatch(/exports\.handler = async \(event\) => \{\r\n {2}const s3/);
    expect(bareLineFeeds(fixed)).toBe(0);
  });

  it('keeps a byte order mark and the file mode', () => {
    const dir = folder({ 'template.yaml': `\uFEFF${TEMPLATE}` });
    execFileSync('chmod', ['640', join(dir, 'template.yaml')]);
    ownless(dir, ['lint', '--fix']);
    const bytes = readFileSync(join(dir, 'template.yaml'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Timeout: 3\n');
    expect(statSync(join(dir, 'template.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['template.yaml']);
  });
});

describe('ownless lint --fix refuses what it must not rewrite', () => {
  it('reports a file that is not valid UTF-8 as a located problem and leaves it alone', () => {
    // "café" in Latin-1: the é is the single byte 0xE9, not UTF-8.
    const original = Buffer.from(TEMPLATE.replace('# the worker', '# the caf\xe9'), 'latin1');
    const dir = folder({ 'template.yaml': original });
    const r = ownless(dir, ['lint', '--fix', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      files: { parseErrors: { message: string; range: { start: { line: number; character: number } } }[] }[];
    };
    expect(report.files[0].parseErrors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/not valid UTF-8/),
        range: expect.objectContaining({ start: { line: 3, character: 11 } }),
      }),
    ]);
    expect(readFileSync(join(dir, 'template.yaml')).equals(original)).toBe(true);
    expect(r.stderr).not.toContain('fixed');
  });

  it('never rewrites a handler outside the project (the paths named and the configuration folder)', () => {
    const root = folder({
      'project/template.yaml': TEMPLATE.replace(
        / {6}InlineCode.*\n/,
        '      CodeUri: .\n      Handler: ../outside/index.handler\n      Timeout: 3\n      MemorySize: 128\n',
      ).replace('      Handler: index.handler\n', ''),
      'outside/index.js': HANDLER,
    });
    const r = ownless(root, ['lint', 'project', '--fix']);
    expect(readFileSync(join(root, 'outside/index.js'), 'utf8')).toBe(HANDLER);
    expect(r.stderr).toContain('ownless: not fixed outside/index.js: outside the project');
    expect(r.stderr).not.toContain('ownless: fixed');
    // Named on the command line, it is part of the project.
    const named = ownless(root, ['lint', 'project', 'outside', '--fix']);
    expect(named.stderr).toContain('ownless: fixed outside/index.js');
  });

  it('a project configuration folder above the named path counts as the project', () => {
    const root = folder({
      'ownless.yaml': 'profile: recommended\n',
      'project/template.yaml': TEMPLATE.replace(
        / {6}InlineCode.*\n/,
        '      CodeUri: ../src\n      Timeout: 3\n      MemorySize: 128\n',
      ),
      'src/index.js': HANDLER,
    });
    const r = ownless(join(root, 'project'), ['lint', '.', '--fix']);
    expect(r.stderr).toContain('ownless: fixed ../src/index.js');
  });

  it('a failed write (a full disk) exits 2 with a message, no stack, the file unchanged and no temporary file left', () => {
    const dir = folder({ 'template.yaml': TEMPLATE });
    const inject = join(dir, '..', `${dir.split('/').pop()}-enospc.cjs`);
    made.push(inject);
    // Fails every write to a file the fix writes, as a full disk does, after writing part of it.
    writeFileSync(
      inject,
      `const fs = require('node:fs');
       const write = fs.writeSync;
       const fds = new Set();
       const open = fs.openSync;
       fs.openSync = (path, ...rest) => { const fd = open(path, ...rest); if (String(path).includes('template.yaml')) fds.add(fd); return fd; };
       fs.writeSync = (fd, data, ...rest) => {
         if (!fds.has(fd)) return write(fd, data, ...rest);
         write(fd, typeof data === 'string' ? data.slice(0, 10) : data.subarray(0, 10));
         throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
       };
       const writeFile = fs.writeFileSync;
       fs.writeFileSync = (path, data, ...rest) => {
         if (!String(path).includes('template.yaml')) return writeFile(path, data, ...rest);
         writeFile(path, String(data).slice(0, 10));
         throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
       };`,
    );
    const r = ownless(dir, ['lint', '--fix'], ['--require', inject]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /ownless: cannot write template\.yaml: no space left on device \(ENOSPC\); the file is unchanged/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'template.yaml'), 'utf8')).toBe(TEMPLATE);
    expect(readdirSync(dir)).toEqual(['template.yaml']);
  });
});
