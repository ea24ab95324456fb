/**
 * `ownless lint` on a Terraform project, as a real process (node dist/cli.js): the folder search finds
 * the `*.tf` files (not those of `.terraform`), the folder is linted once as one module (a variable's
 * default in one file, overridden by terraform.tfvars, read in another), each file is reported with
 * its own findings on its own lines, functions are named by their Terraform address, `# ownless-ignore`
 * comments are honoured, and the handler code an archive_file's source_dir holds is linked.
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
  const dir = mkdtempSync(join(tmpdir(), 'ownless-cli-tf-'));
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
  files: {
    path: string;
    format: string;
    functions: { id: string; timeout: unknown; memorySize: unknown; range: { start: { line: number } } }[];
    parseErrors: unknown[];
    handlerOf?: { template: string; function: string; export: string }[];
  }[];
  findings: {
    ruleId: string;
    path: string;
    functions: string[];
    range: { start: { line: number; character: number } };
  }[];
}

const VARIABLES = `variable "timeout" {
  type    = number
  default = 10
}

variable "subnet" {
  type    = string
  default = "subnet-1"
}
`;

// worker.tf comes after variables.tf in the folder: its lines are moved back to its own.
const WORKER = `data "archive_file" "code" {
  type        = "zip"
  source_dir  = "\${path.module}/src"
  output_path = "\${path.module}/build/code.zip"
}

resource "aws_lambda_function" "worker" {
  function_name    = "worker"
  runtime          = "nodejs20.x"
  handler          = "index.handler"
  filename         = data.archive_file.code.output_path
  source_code_hash = data.archive_file.code.output_base64sha256
  timeout          = var.timeout
  # ownless-ignore limits/memory-budget: the image pipeline needs the CPU
  memory_size = 10240

  vpc_config {
    subnet_ids         = [var.subnet]
    security_group_ids = ["sg-1"]
  }
}
`;

const PROJECT = {
  'variables.tf': VARIABLES,
  'worker.tf': WORKER,
  'terraform.tfvars': 'timeout = 900\n',
  'src/index.js': 'exports.handler = async () => ({ ok: true });\n',
  // Downloaded modules are not the project's.
  '.terraform/modules/x/main.tf': 'resource "aws_lambda_function" "vendored" {\n  memory_size = 10240\n}\n',
};

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('ownless lint on a Terraform folder', () => {
  const dir = project(PROJECT);
  const run = ownless(dir, ['lint', '--format', 'json']);
  const json = JSON.parse(run.stdout) as Json;

  it('reports each .tf file as terraform, and nothing of .terraform', () => {
    expect(run.stderr).toBe('');
    expect(json.files.map((f) => [f.path, f.format])).toEqual([
      ['variables.tf', 'terraform'],
      ['worker.tf', 'terraform'],
      ['src/index.js', 'javascript'],
    ]);
    expect(json.files.every((f) => f.parseErrors.length === 0)).toBe(true);
  });

  it('names functions by their address, in the file that declares them, with values from tfvars', () => {
    const [variables, worker] = json.files;
    expect(variables.functions).toEqual([]);
    expect(worker.functions.map((f) => [f.id, f.timeout, f.memorySize, f.range.start.line])).toEqual([
      ['aws_lambda_function.worker', 900, 10240, lineOf(WORKER, 'resource "aws_lambda_function"')],
    ]);
  });

  it("puts findings in their file's own lines, and honours ownless-ignore", () => {
    const summary = json.findings.map((f) => [f.ruleId, f.path, f.range.start.line, f.functions]);
    expect(summary).toEqual([
      [
        'limits/timeout-budget',
        'worker.tf',
        lineOf(WORKER, 'timeout          ='),
        ['aws_lambda_function.worker'],
      ],
      ['network/no-vpc', 'worker.tf', lineOf(WORKER, 'vpc_config {'), ['aws_lambda_function.worker']],
    ]);
    expect(json.findings.some((f) => f.ruleId === 'limits/memory-budget')).toBe(false);
  });

  it("links the handler code an archive_file's source_dir holds", () => {
    const handler = json.files.find((f) => f.path === 'src/index.js')!;
    expect(handler.handlerOf).toEqual([
      { template: 'worker.tf', function: 'aws_lambda_function.worker', export: 'handler' },
    ]);
  });

  it('a .tf file named alone is reported alone, read with its folder', () => {
    const alone = JSON.parse(ownless(dir, ['lint', '--format', 'json', 'worker.tf']).stdout) as Json;
    expect(alone.files.map((f) => f.path)).toEqual(['worker.tf', 'src/index.js']);
    expect(alone.files[0].functions[0].timeout).toBe(900);
  });

  it('without the suppression, the memory finding is back on its line', () => {
    const unsuppressed = project({ ...PROJECT, 'worker.tf': WORKER.replace(/ *# ownless-ignore.*\n/, '') });
    const again = JSON.parse(ownless(unsuppressed, ['lint', '--format', 'json']).stdout) as Json;
    const memory = again.findings.find((f) => f.ruleId === 'limits/memory-budget')!;
    expect([memory.path, memory.range.start]).toEqual(['worker.tf', { line: 13, character: 2 }]);
  });

  it('--fix applies a safe fix in the file it belongs to (through reanalyze), and leaves the others', () => {
    const queue = `resource "aws_sqs_queue" "jobs" {
  visibility_timeout_seconds = 30
}

resource "aws_lambda_event_source_mapping" "m" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
}
`;
    const fixed = project({ ...PROJECT, 'queue.tf': queue });
    const out = ownless(fixed, ['lint', '--fix', '--format', 'json']);
    const after = JSON.parse(out.stdout) as Json;
    // Six times the function's timeout (900 s, from terraform.tfvars).
    expect(readFileSync(join(fixed, 'queue.tf'), 'utf8')).toBe(
      queue.replace('visibility_timeout_seconds = 30', 'visibility_timeout_seconds = 5400'),
    );
    expect(readFileSync(join(fixed, 'worker.tf'), 'utf8')).toBe(WORKER);
    expect(after.findings.some((f) => f.ruleId === 'resilience/queue-visibility')).toBe(false);
    expect(after.findings.map((f) => [f.ruleId, f.path])).toContainEqual([
      'resilience/stream-failure-destination',
      'queue.tf',
    ]);
  });
});
