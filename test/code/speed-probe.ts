/**
 * A speed probe for handler-code analysis, for the benchmark to call (it is not a timed test):
 * re-diagnosing a 2,000-line handler after each keystroke (incremental parse, model, every rule,
 * suppressions), and linting 500 generated handler files from scratch.
 *
 *   import { measureCodeSpeed } from '../test/code/speed-probe';
 *   const timings = await measureCodeSpeed();
 */
import { resolveConfig } from '../../src/core/config/config';
import { type CodeLintResult, lintCode } from '../../src/core/code/lint';
import { releaseCode } from '../../src/core/code/parse';
import { initCodeParsers } from '../../src/core/code/parsers';

export interface Distribution {
  samples: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** CPU time of this process per sample (less sensitive than wall time to other load on the machine). */
  medianCpuMs: number;
}

export interface CodeSpeedTimings {
  /** Loading the wasm runtime and the four grammars (once per process). */
  initMs: number;
  /** The first lint of the 2,000-line handler (full parse). */
  firstLintMs: number;
  /** One keystroke in the 2,000-line handler, re-diagnosed incrementally. */
  keystroke: Distribution & { lines: number };
  /** The same when the whole file is one 2,000-line handler function (the worst case for reuse). */
  keystrokeOneFunction: Distribution & { lines: number };
  /** Linting the generated files from scratch. */
  files: { count: number; lines: number; totalMs: number };
}

/** A handler file of about `lines` lines: imports, module-level clients, helpers, and a handler calling them. */
export function buildLargeHandler(lines = 2000): string {
  const out = [
    "const { DynamoDBClient, GetItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');",
    "const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');",
    "const { setTimeout: sleep } = require('node:timers/promises');",
    '',
    'const dynamo = new DynamoDBClient({});',
    'const lambda = new LambdaClient({});',
    'const TABLE = process.env.TABLE_NAME;',
    '',
  ];
  let i = 0;
  while (out.length < lines - 12) {
    out.push(
      `/** Loads and normalises order ${i}. */`,
      `async function step${i}(event, items) {`,
      '  const result = [];',
      '  for (const item of items) {',
      `    if (item.kind === 'kind-${i}') result.push({ id: item.id, name: String(item.name).trim() });`,
      '  }',
      `  const out = await dynamo.send(new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'k${i}' } } }));`,
      '  for (let attempt = 0; attempt < 3; attempt++) {',
      '    if (out.Item) break;',
      '    await sleep(50 * 2 ** attempt);',
      '  }',
      '  return { result, found: Boolean(out.Item) };',
      '}',
      '',
    );
    i++;
  }
  const calls = Array.from(
    { length: Math.min(i, 20) },
    (_, k) => `  await step${k * Math.floor(i / 20)}(event, event.items ?? []);`,
  );
  out.push(
    'exports.handler = async (event) => {',
    ...calls,
    "  await lambda.send(new InvokeCommand({ FunctionName: 'audit', InvocationType: 'Event' }));",
    "  await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'done' } } }));",
    '  return { statusCode: 200 };',
    '};',
    '',
  );
  return out.join('\n');
}

/** The same size, but all of it inside one handler function. */
export function buildOneFunctionHandler(lines = 2000): string {
  const body: string[] = [];
  for (let i = 0; body.length < lines - 6; i++)
    body.push(
      `  const items${i} = (event.items ?? []).filter((item) => item.kind === 'kind-${i}');`,
      `  if (items${i}.length > 0) {`,
      `    const out${i} = await dynamo.send(new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'k${i}' } } }));`,
      `    results.push({ kind: ${i}, count: items${i}.length, found: Boolean(out${i}.Item) });`,
      '  }',
    );
  return [
    "const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');",
    'const dynamo = new DynamoDBClient({});',
    'const TABLE = process.env.TABLE_NAME;',
    'exports.handler = async (event) => {',
    '  const results = [];',
    ...body,
    '  return results;',
    '};',
    '',
  ].join('\n');
}

/** Small handler files, alternating JavaScript, TypeScript and Python, some with findings. */
export function buildHandlerFiles(count = 500): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 3 === 2) {
      files.push({
        path: `fn${i}/app.py`,
        text: [
          'import json',
          'import os',
          'import time',
          '',
          'import boto3',
          '',
          'table = boto3.resource("dynamodb").Table(os.environ["TABLE"])',
          '',
          '',
          'def lambda_handler(event, context):',
          `    client = boto3.client("lambda")${i % 2 ? '' : '  # built per invocation'}`,
          '    for record in event.get("Records", []):',
          '        table.put_item(Item=json.loads(record["body"]))',
          `    time.sleep(${i % 4 ? '0.1' : '2'})`,
          '    client.invoke(FunctionName="audit", InvocationType="Event", Payload=b"{}")',
          '    return {"statusCode": 200, "body": json.dumps({"ok": True})}',
          '',
        ].join('\n'),
      });
      continue;
    }
    const ts = i % 3 === 1;
    files.push({
      path: `fn${i}/index.${ts ? 'ts' : 'js'}`,
      text: [
        "import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';",
        "import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';",
        '',
        'const s3 = new S3Client({});',
        `const CACHE${ts ? ': Record<string, string>' : ''} = {};`,
        '',
        `async function read(key${ts ? ': string' : ''}) {`,
        '  const out = await s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: key }));',
        "  return out.Body ? 'body' : 'none';",
        '}',
        '',
        `export const handler = async (event${ts ? ': { key: string; id: string }' : ''}) => {`,
        `  const lambda = new LambdaClient({ region: '${i % 2 ? 'eu-west-1' : 'us-east-1'}' });`,
        '  CACHE[event.id] = await read(event.key);',
        "  await lambda.send(new InvokeCommand({ FunctionName: 'next', Payload: undefined }));",
        '  return { statusCode: 200, body: JSON.stringify(CACHE) };',
        '};',
        '',
      ].join('\n'),
    });
  }
  return files;
}

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function distribution(samples: number[], cpu: number[]): Distribution {
  return {
    samples: samples.length,
    medianMs: quantile(samples, 0.5),
    p95Ms: quantile(samples, 0.95),
    maxMs: quantile(samples, 1),
    medianCpuMs: quantile(cpu, 0.5),
  };
}

/** Types a word into a string literal in the middle of the file, one character per lint, then deletes it. */
function typeInto(
  text: string,
  path: string,
  keystrokes: number,
): { first: number; samples: number[]; cpu: number[] } {
  const config = resolveConfig();
  let start = performance.now();
  let result: CodeLintResult = lintCode(text, path, config);
  const first = performance.now() - start;
  // Inside the string literal of a line in the middle (the `'k…'` of a Key).
  let at = text.indexOf("'k", Math.floor(text.length / 2)) + 2;
  const samples: number[] = [];
  const cpu: number[] = [];
  let current = text;
  for (let k = 0; k < keystrokes; k++) {
    const typing = k % 20 < 10;
    const next = typing
      ? current.slice(0, at) + 'x' + current.slice(at)
      : current.slice(0, at - 1) + current.slice(at);
    const edit = typing
      ? { start: at, oldEnd: at, newEnd: at + 1 }
      : { start: at - 1, oldEnd: at, newEnd: at - 1 };
    start = performance.now();
    const cpuStart = process.cpuUsage();
    result = lintCode(next, path, config, { previous: result, edit });
    const used = process.cpuUsage(cpuStart);
    samples.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
    at = typing ? at + 1 : at - 1;
    current = next;
  }
  if (result.parsed) releaseCode(result.parsed);
  const warm = Math.min(20, Math.floor(keystrokes / 5)); // the first keystrokes warm the JIT
  return { first, samples: samples.slice(warm), cpu: cpu.slice(warm) };
}

/** Measures once and returns the timings (milliseconds). */
export async function measureCodeSpeed(
  options: { keystrokes?: number; files?: number; lines?: number } = {},
): Promise<CodeSpeedTimings> {
  const keystrokes = options.keystrokes ?? 220;
  const lines = options.lines ?? 2000;
  const initStart = performance.now();
  await initCodeParsers();
  const initMs = performance.now() - initStart;

  const large = buildLargeHandler(lines);
  const typed = typeInto(large, 'handler.js', keystrokes);
  const oneFunction = buildOneFunctionHandler(lines);
  const typedOne = typeInto(oneFunction, 'handler.js', keystrokes);

  const files = buildHandlerFiles(options.files ?? 500);
  const config = resolveConfig();
  // One unmeasured round warms the JIT, as an editor or CI run would be after its first files.
  for (const file of files.slice(0, 30)) lintCode(file.text, file.path, config, { keepTree: false });
  const filesStart = performance.now();
  for (const file of files) lintCode(file.text, file.path, config, { keepTree: false });
  const totalMs = performance.now() - filesStart;

  return {
    initMs,
    firstLintMs: typed.first,
    keystroke: { lines: large.split('\n').length, ...distribution(typed.samples, typed.cpu) },
    keystrokeOneFunction: {
      lines: oneFunction.split('\n').length,
      ...distribution(typedOne.samples, typedOne.cpu),
    },
    files: { count: files.length, lines: files.reduce((n, f) => n + f.text.split('\n').length, 0), totalMs },
  };
}
