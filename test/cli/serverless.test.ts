/**
 * `ownless lint` on a Serverless Framework project, as a real process (node dist/cli.js): the folder
 * search finds serverless.yml, the report names its format, its functions (their keys) with the
 * framework's inheritance, findings on the provider line with each function that takes it, the
 * comment suppressions, the handler code it links to, `--fix`, and serverless.ts named as not analysed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

beforeAll(() => {
  // `npm test` builds first; run alone, this file builds when the bundle is missing.
  if (!existsSync(CLI) || statSync(CLI).size === 0)
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}, 180_000);

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ownless-cli-sls-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function ownless(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Json {
  files: { path: string; format: string; functions: Record<string, unknown>[]; parseErrors: unknown[] }[];
  findings: {
    ruleId: string;
    path: string;
    functions: string[];
    range: { start: { line: number } };
    related: { range: { start: { line: number } } }[];
  }[];
}

const SERVICE = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  stage: \${opt:stage, 'dev'}
  memorySize: 2048
  vpc:
    securityGroupIds: [sg-0123]
    subnetIds: [subnet-0123]
functions:
  create:
    handler: src/orders.create
    timeout: 10
  report:
    handler: src/report.handler
    name: orders-\${sls:stage}-report
    timeout: 20
    # ownless-ignore limits/memory-budget: the report builds a large PDF in memory
    memorySize: 10240
    vpc: null
`;

const ORDERS = `const { S3Client } = require('@aws-sdk/client-s3');
exports.create = async (event) => {
  const s3 = new S3Client({});
  return s3.config;
};
`;

const REPORT = `exports.handler = async () => ({ ok: true });
`;

describe('ownless lint on a serverless.yml project', () => {
  it('finds the service, reports its functions and findings in serverless.yml terms, and links the handler code', () => {
    const dir = project({
      'serverless.yml': SERVICE,
      'src/orders.js': ORDERS,
      'src/report.js': REPORT,
      'tools/serverless.ts': 'export default {};\n',
    });
    const r = ownless(dir, ['lint', '--format', 'json']);
    const json = JSON.parse(r.stdout) as Json;
    const service = json.files.find((f) => f.path === 'serverless.yml')!;
    expect(service.format).toBe('serverless');
    expect(service.parseErrors).toEqual([]);
    expect(
      service.functions.map((f) => [f.id, f.logicalId, f.memorySize, f.timeout, f.vpc, f.functionName]),
    ).toEqual([
      ['create', 'CreateLambdaFunction', 2048, 10, true, null],
      ['report', 'ReportLambdaFunction', 10240, 20, false, 'orders-dev-report'],
    ]);
    // The provider's VPC: reported once, on the provider line, naming the function that takes it.
    const vpc = json.findings.filter((f) => f.ruleId === 'network/no-vpc');
    expect(vpc.map((f) => [f.path, f.functions, f.range.start.line])).toEqual([
      ['serverless.yml', ['create'], 6],
    ]);
    // The suppressed memory finding is gone; nothing is reported on report's own memory line.
    expect(json.findings.filter((f) => f.ruleId === 'limits/memory-budget')).toEqual([]);
    // The handler code of `create`, linked through its handler relative to the service folder.
    const code = json.findings.filter((f) => f.path === 'src/orders.js');
    expect(code.map((f) => [f.ruleId, f.functions])).toContainEqual(['idle/client-in-handler', ['create']]);
    // serverless.ts is named, not analysed.
    expect(r.stderr).toContain('tools/serverless.ts not analysed');
    expect(r.stderr).toContain('Ownless does not run it');
  });

  it('applies safe fixes to serverless.yml, keeping its comments', () => {
    const text = `service: fixes
provider:
  name: aws
  runtime: python3.13 # the newest
functions:
  job:
    handler: handler.main
    timeout: 30
    events:
      - sqs:
          arn: !GetAtt Jobs.Arn
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        VisibilityTimeout: 20
`;
    const dir = project({
      'serverless.yml': text,
      'handler.py': 'def main(event, context):\n    return 1\n',
    });
    const before = JSON.parse(ownless(dir, ['lint', '--format', 'json']).stdout) as Json;
    expect(before.findings.map((f) => f.ruleId)).toContain('resilience/queue-visibility');
    ownless(dir, ['lint', '--fix']);
    const after = readFileSync(join(dir, 'serverless.yml'), 'utf8');
    expect(after).toContain('runtime: python3.13 # the newest');
    const fixed = JSON.parse(ownless(dir, ['lint', '--format', 'json']).stdout) as Json;
    // Whatever was fixed is gone, and the file still reads as the same service.
    expect(fixed.files[0].format).toBe('serverless');
    expect(fixed.files[0].parseErrors).toEqual([]);
    expect(fixed.findings.length).toBeLessThanOrEqual(before.findings.length);
  });

  it('says nothing of a serverless.yml for another provider', () => {
    const dir = project({
      'serverless.yml': 'service: x\nprovider:\n  name: azure\nfunctions:\n  a:\n    handler: h.a\n',
    });
    const r = ownless(dir, ['lint', '--format', 'json']);
    expect((JSON.parse(r.stdout) as Json).files).toEqual([]);
    expect(r.code).toBe(0);
  });
});
