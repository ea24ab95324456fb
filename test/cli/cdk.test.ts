/**
 * `ownless lint` on an AWS CDK app, as a real process (node dist/cli.js): the folder search finds the
 * app's source files under cdk.json (not the .js that tsc wrote beside them, nor a .venv), reads the
 * constructs statically (nothing runs), reports functions by construct path with findings on the
 * props, honours `// ownless-ignore` comments (not inside strings), and links the handler code.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}, 180_000);

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ownless-cli-cdk-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Json {
  files: { path: string; format: string; functions: { id: string; memorySize: unknown; vpc: unknown }[] }[];
  findings: { ruleId: string; path: string; functions: string[]; range: { start: { line: number } } }[];
}

const ENTRY = `import { App } from 'aws-cdk-lib';
import { ShopStack } from '../lib/shop-stack';

const app = new App();
new ShopStack(app, 'Shop');
`;

const STACK = `import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export class ShopStack extends Stack {
  constructor(scope: any, id: string) {
    super(scope, id);
    const vpc = new ec2.Vpc(this, 'Network');
    new lambda.Function(this, 'Checkout', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('lambda'),
      timeout: Duration.seconds(10),
      memorySize: 1024,
      vpc,
    });
    new lambda.Function(this, 'Report', {
      runtime: lambda.Runtime.PYTHON_3_13,
      handler: 'report.handler',
      code: lambda.Code.fromAsset('reports'),
      timeout: Duration.seconds(20),
      memorySize: 512,
      // ownless-ignore network/no-vpc: the report reads a database that lives in the VPC
      vpc,
    });
    const note = '// ownless-ignore network/no-vpc: not a comment';
  }
}
`;

describe('ownless lint on a CDK app', () => {
  it('reads the stack statically and reports by construct path, on the props', () => {
    const dir = project({
      'cdk.json': '{ "app": "npx ts-node bin/shop.ts" }\n',
      'bin/shop.ts': ENTRY,
      'lib/shop-stack.ts': STACK,
      'lib/shop-stack.js': STACK.replace(/: any|: string/g, ''), // what tsc left beside it
      '.venv/lib/site-packages/aws_cdk/core.py': 'import aws_cdk\n',
      'lambda/index.js':
        "const { S3Client } = require('@aws-sdk/client-s3');\nexports.handler = async () => new S3Client({});\n",
      'reports/report.py': 'def handler(event, context):\n    return 1\n',
    });
    const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    const json = JSON.parse(r.stdout) as Json;
    const paths = json.files.map((f) => f.path).sort();
    // The app's sources and the handler files its functions name; not lib/shop-stack.js nor the .venv.
    expect(paths).toEqual(['bin/shop.ts', 'lambda/index.js', 'lib/shop-stack.ts', 'reports/report.py']);
    const stack = json.files.find((f) => f.path === 'lib/shop-stack.ts')!;
    expect(stack.format).toBe('cdk');
    expect(stack.functions.map((f) => [f.id, f.memorySize, f.vpc])).toEqual([
      ['Shop/Checkout', 1024, true],
      ['Shop/Report', 512, true],
    ]);
    // The VPC of Checkout is reported on its prop; Report's is accepted by the comment above it.
    const vpc = json.findings.filter((f) => f.ruleId === 'network/no-vpc');
    expect(vpc.map((f) => [f.path, f.functions, f.range.start.line])).toEqual([
      ['lib/shop-stack.ts', ['Shop/Checkout'], 14],
    ]);
    // The handler code of Checkout, linked through Code.fromAsset('lambda') and its handler.
    const code = json.findings.filter((f) => f.path === 'lambda/index.js');
    expect(code.map((f) => [f.ruleId, f.functions])).toContainEqual([
      'idle/client-in-handler',
      ['Shop/Checkout'],
    ]);
  });
});
