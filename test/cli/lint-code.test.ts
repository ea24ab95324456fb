/**
 * `ownless lint` with handler code, as a real process (node dist/cli.js): the handler files templates
 * link to and code files named on the command line, the owning functions in JSON and SARIF, --fix,
 * ignore globs, and the bundle finding its WebAssembly parsers beside itself (dist/wasm).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
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
import { WASM_FILES } from '../../src/core/code/parsers';

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

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ownless-cli-code-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function ownless(cwd: string, args: string[], cli = CLI) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Json {
  files: {
    path: string;
    format: string;
    functions: unknown[];
    handlerOf?: unknown[];
    parseErrors: unknown[];
  }[];
  findings: { ruleId: string; path: string; functions: string[]; range: { start: { line: number } } }[];
}

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 10
    MemorySize: 128
Resources:
  Create:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.create
      Runtime: nodejs22.x
  List:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.list
      Runtime: nodejs22.x
  Report:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: reports/
      Handler: daily.handler
      Runtime: python3.13
`;

const APP = `const { S3Client } = require('@aws-sdk/client-s3');
const { setTimeout: sleep } = require('node:timers/promises');
const seen = [];
const archive = new S3Client({ region: 'eu-west-1' });

exports.create = async (event) => {
  const s3 = new S3Client({});
  seen.push(event.id);
  return s3.config;
};

exports.list = async (event) => {
  await sleep(5000);
  seen.push(event.id);
  return [];
};
`;

const DAILY = `import time


def handler(event, context):
    # ownless-ignore idle/no-busy-wait: the partner API allows one call every 3 s
    time.sleep(3)
    return {"ok": True}
`;

const SCRIPT = `const { LambdaClient } = require('@aws-sdk/client-lambda');
exports.handler = async (event) => {
  const lambda = new LambdaClient({});
  return lambda;
};
`;

const files = () => ({
  'template.yaml': TEMPLATE,
  'src/app.js': APP,
  'reports/daily.py': DAILY,
  'scripts/one-off.js': SCRIPT,
});

const json = (stdout: string) => JSON.parse(stdout) as Json;
const rows = (report: Json) =>
  report.findings.map((f) => `${f.path}:${f.range.start.line + 1} ${f.ruleId} ${f.functions.join(',')}`);

describe('ownless lint: handler code', () => {
  it('lints the handler files templates link to, and only those, naming the owning functions', () => {
    const dir = project(files());
    const r = ownless(dir, ['lint', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.files.map((f) => [f.path, f.format])).toEqual([
      ['template.yaml', 'sam'],
      ['src/app.js', 'javascript'],
      ['reports/daily.py', 'python'],
    ]);
    expect(report.files[1]).toMatchObject({
      functions: [],
      parseErrors: [],
      handlerOf: [
        { template: 'template.yaml', function: 'Create', export: 'create' },
        { template: 'template.yaml', function: 'List', export: 'list' },
      ],
    });
    expect(report.files[0]).not.toHaveProperty('handlerOf');
    // Each finding names the functions whose handler runs the code: one, or both for shared code.
    expect(rows(report)).toEqual([
      'src/app.js:4 resilience/no-hardcoded-region Create,List',
      'src/app.js:7 idle/client-in-handler Create',
      'src/app.js:8 storage/no-local-state Create',
      'src/app.js:13 idle/no-busy-wait List',
    ]);
  });

  it('prints code findings in the text format, and code files named on the command line too', () => {
    const dir = project(files());
    const r = ownless(dir, ['lint', '.', 'scripts/one-off.js']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('src/app.js\n');
    expect(r.stdout).toMatch(/\n {2}13:9 +warning +The handler sleeps 5 s.*idle\/no-busy-wait\n/);
    expect(r.stdout).toContain('scripts/one-off.js\n  3:18');
    const named = json(ownless(dir, ['lint', 'scripts/one-off.js', '--format', 'json']).stdout);
    expect(named.files).toEqual([
      { path: 'scripts/one-off.js', format: 'javascript', parseErrors: [], functions: [], handlerOf: [] },
    ]);
    expect(rows(named)).toEqual(['scripts/one-off.js:3 idle/client-in-handler ']);
  });

  it('reports a Handler export that the file does not have (unit/handler-not-found, exit 1)', () => {
    const dir = project({ ...files(), 'template.yaml': TEMPLATE.replace('app.list', 'app.lister') });
    const r = ownless(dir, ['lint', '--format', 'json']);
    expect(r.code).toBe(1);
    const missing = json(r.stdout).findings.find((f) => f.ruleId === 'unit/handler-not-found')!;
    expect(missing).toMatchObject({ path: 'template.yaml', functions: ['List'] });
  });

  it('--fix applies the safe code fixes and leaves the rest', () => {
    const dir = project(files());
    const r = ownless(dir, ['lint', '--fix']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('ownless: fixed src/app.js\n');
    const fixed = readFileSync(join(dir, 'src/app.js'), 'utf8');
    expect(fixed).toContain(
      'const archive = new S3Client({ region: process.env.AWS_REGION });\n\nconst s3 = new S3Client({});\n\nexports.create = async (event) => {\n  seen.push',
    );
    expect(fixed).toContain('await sleep(5000);');
    expect(readFileSync(join(dir, 'reports/daily.py'), 'utf8')).toBe(DAILY);
    expect(r.stdout).not.toContain('idle/client-in-handler');
  });

  it('applies ignore globs to linked handler files, but always lints a file named on the command line', () => {
    const dir = project({ ...files(), 'ownless.yaml': 'ignore:\n  - src/**\n' });
    expect(json(ownless(dir, ['lint', '--format', 'json']).stdout).files.map((f) => f.path)).toEqual([
      'template.yaml',
      'reports/daily.py',
    ]);
    const named = json(ownless(dir, ['lint', 'src/app.js', '--format', 'json']).stdout);
    expect(named.files.map((f) => f.path)).toEqual(['src/app.js']);
  });

  it('configuration applies to code: severities and rules turned off', () => {
    const dir = project({
      ...files(),
      'ownless.yaml': 'rules:\n  idle/no-busy-wait: error\n  storage/no-local-state: off\n',
    });
    const r = ownless(dir, ['lint', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(rows(json(r.stdout))).toEqual([
      'src/app.js:4 resilience/no-hardcoded-region Create,List',
      'src/app.js:7 idle/client-in-handler Create',
      'src/app.js:13 idle/no-busy-wait List',
    ]);
  });

  it('notes a linked handler over maxFileSize on stderr without failing', () => {
    const dir = project({ ...files(), 'src/ownless.yaml': 'limits:\n  maxFileSize: 200\n' });
    const r = ownless(dir, ['lint', '--format', 'json']);
    expect(r.stderr).toMatch(/ownless: src\/app\.js not analysed: file is 0\.0 MB, over the 0\.0 MB limit/);
    expect(json(r.stdout).files.map((f) => f.path)).toEqual(['template.yaml', 'reports/daily.py']);
  });

  it('SARIF results for code carry the functions', () => {
    const dir = project(files());
    const sarif = JSON.parse(ownless(dir, ['lint', '--format', 'sarif']).stdout);
    const results = sarif.runs[0].results as {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
      properties?: { functions: string[] };
    }[];
    const busy = results.find((x) => x.ruleId === 'idle/no-busy-wait')!;
    expect(busy.locations[0].physicalLocation.artifactLocation.uri).toBe('src/app.js');
    expect(busy.properties).toEqual({ functions: ['List'] });
  });

  it('the bundle ships its parsers in dist/wasm and finds them without node_modules', () => {
    for (const file of WASM_FILES) expect(existsSync(join(ROOT, 'dist/wasm', file)), file).toBe(true);
    const copy = mkdtempSync(join(tmpdir(), 'ownless-dist-'));
    made.push(copy);
    cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    const dir = project(files());
    const r = ownless(dir, ['lint', '--format', 'json'], join(copy, 'dist/cli.js'));
    expect(r.stderr).toBe('');
    expect(rows(json(r.stdout))).toHaveLength(4);
  });
});
