/**
 * Reuse inside a top-level statement: after an edit in one long function, the nested statements that
 * did not change are replayed rather than walked again, one by one or in runs (src/core/code/
 * nested-walks.ts), and the functions around the edit are filled again (scopes.ts). The model and
 * the findings must be exactly those of a fresh analysis, which walks the file once without any
 * reuse (`keepTree: false`), and those of a fresh analysis that records nested statements for reuse.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/config/config';
import { type CodeLintResult, lintCode } from '../../src/core/code/lint';
import type { CodeModel, Scope } from '../../src/core/code/model';
import { initCodeParsers } from '../../src/core/code/parsers';
import { releaseCode } from '../../src/core/code/parse';
import { dedent } from '../helpers/rule-tester';

beforeAll(() => initCodeParsers());

/** Everything the walk records, by position, in order: two models are the same when their digests are. */
function digest(model: CodeModel): string[] {
  const at = (node: { start: number; end: number } | undefined | null) =>
    node ? `${node.start}-${node.end}` : '-';
  const scope = (s: Scope | null) => (s ? `${s.kind}@${at(s.node)}` : '-');
  const out: string[] = [];
  for (const [node, s] of model.scopes) {
    out.push(`scope ${at(node)} ${scope(s)} parent=${scope(s.parent)} nonlocal=${[...s.nonLocal].join(',')}`);
    for (const b of s.bindings.values())
      out.push(
        `  ${b.name} ${b.kind} id=${at(b.id)} decl=${at(b.declaration)} init=${at(b.init)} def=${at(b.definition)}` +
          ` iterates=${at(b.iterates)} path=${b.path?.join('.') ?? '-'} import=${b.import ? `${b.import.module}:${b.import.imported}` : '-'}` +
          ` in=${scope(b.scope)} assigned=${b.assignments.map(at).join(',')}`,
      );
  }
  for (const fn of model.functions)
    out.push(
      `fn ${at(fn.node)} ${fn.name ?? '-'} class=${fn.className ?? '-'} async=${fn.async} immediate=${fn.immediate}` +
        ` params=${fn.paramNames.join(',')} body=${at(fn.body)} scope=${scope(fn.scope)} enclosing=${at(fn.enclosing?.node)}` +
        ` calls=${fn.calls.map((c) => at(c.node)).join(',')} inner=${fn.inner.map((f) => at(f.node)).join(',')}` +
        ` byNode=${model.functionsByNode.get(fn.node) === fn}`,
    );
  for (const c of model.calls)
    out.push(
      `call ${at(c.node)} ${c.name ?? '-'} plain=${c.plainName} new=${c.isNew} callee=${at(c.callee)}` +
        ` args=${c.args.map(at).join(',')} fn=${at(c.fn?.node)} scope=${scope(c.scope)}`,
    );
  out.push(`loops ${model.loops.map(at).join(',')}`);
  out.push(`assignments ${model.assignments.map(at).join(',')}`);
  out.push(`strings ${model.strings.map(at).join(',')}`);
  out.push(`comments ${model.comments.map(at).join(',')}`);
  out.push(`exports ${[...model.exports.keys()].join(',')} open=${model.openExports}`);
  out.push(`handlers ${model.handlers.map((h) => at(h.node)).join(',')}`);
  out.push(`handler scope ${[...model.handlerScope].map((f) => at(f.node)).join(',')}`);
  return out;
}

/** mulberry32: deterministic, so a failing step can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JS = dedent(`
  const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
  const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');
  const { setTimeout: sleep } = require('node:timers/promises');
  const fs = require('node:fs');
  let cache;
  exports.handler = async (event, context) => {
    // one long handler: the statements below are reused after an edit elsewhere in it
    let total = 0;
    var seen = new Set();
    const s3 = new S3Client({ region: 'eu-west-1' });
    for (const record of event.Records ?? []) {
      const body = await s3.send(new GetObjectCommand({ Bucket: record.bucket, Key: record.key }));
      total += body.ContentLength;
      if (seen.has(record.key)) continue;
      seen = new Set([...seen, record.key]);
    }
    function helper(x) {
      let y = x * 2;
      y = y + total;
      return y;
    }
    class Batch {
      constructor(items) {
        this.client = new LambdaClient({});
        this.items = items;
      }
      async flush() {
        await this.client.send(new InvokeCommand({ FunctionName: 'next' }));
        await sleep(2000);
      }
    }
    const batch = new Batch(event.items);
    await batch.flush();
    while (!event.done) {
      await sleep(1500);
      event.done = helper(total) > 10;
    }
    cache = cache ?? {};
    cache[event.id] = total;
    fs.writeFileSync('/tmp/state.json', JSON.stringify(cache));
    try {
      total = helper(total);
    } catch (err) {
      total = -1;
    }
    const mapped = (event.items ?? []).map((item) => ({ id: item.id, n: helper(item.n) }));
    (async () => {
      await sleep(10);
    })();
    return { statusCode: 200, total, mapped };
  };
`);

const PY = dedent(`
  import json
  import os
  import time

  import boto3

  TABLE = os.environ["TABLE_NAME"]
  counter = 0


  def lambda_handler(event, context):
      global counter
      counter += 1
      client = boto3.client("lambda", region_name="eu-west-1")
      total = 0
      for record in event.get("Records", []):
          total = total + len(record["body"])
          body = json.loads(record["body"])
          if body.get("retry"):
              time.sleep(2)
      class Batch:
          def __init__(self, items):
              self.items = items
              self.table = boto3.resource("dynamodb").Table(TABLE)

          @staticmethod
          def size(items):
              return len(items)

          def flush(self):
              for item in self.items:
                  self.table.put_item(Item=item)
      def helper(x):
          nonlocal total
          total = total + x
          y = x * 2
          return y
      batch = Batch(event.get("items", []))
      batch.flush()
      squares = [helper(n) for n in range(3)]
      with open("/tmp/state.json", "w") as out:
          out.write(json.dumps({"total": total}))
      while not event.get("done"):
          time.sleep(1.5)
          total = total - 1
      client.invoke(FunctionName="next", Payload=b"{}")
      return {"statusCode": 200, "total": total, "squares": squares}
`);

function run(file: string, source: string, snippets: string[], steps: number, seed: number) {
  const config = resolveConfig({ profile: 'strict' });
  const next = random(seed);
  let text = source;
  let result: CodeLintResult = lintCode(text, file, config);
  for (let step = 0; step < steps; step++) {
    // Inside the handler function: from its first line to the end of the file.
    const from = text.indexOf(file.endsWith('.py') ? 'def lambda_handler' : 'exports.handler');
    const lo = from < 0 ? 0 : from;
    const start = lo + Math.floor(next() * (text.length - lo + 1));
    const end = Math.min(text.length, start + (next() < 0.5 ? Math.floor(next() * 12) : 0));
    const inserted = next() < 0.8 ? snippets[Math.floor(next() * snippets.length)] : '';
    text = text.slice(0, start) + inserted + text.slice(end);
    result = lintCode(text, file, config, {
      previous: result,
      edit: step % 2 ? { start, oldEnd: end, newEnd: start + inserted.length } : undefined,
    });
    expectFresh(result, text, file, `step ${step}`);
  }
  releaseCode(result.parsed!);
  return text;
}

/** The incremental result equals a fresh lint without reuse, and a fresh one that records reuse. */
function expectFresh(result: CodeLintResult, text: string, file: string, step: string) {
  const config = resolveConfig({ profile: 'strict' });
  const full = lintCode(text, file, config, { keepTree: false });
  expect(result.findings, step).toEqual(full.findings);
  expect(result.problems, step).toEqual(full.problems);
  expect(digest(result.model!), step).toEqual(digest(full.model!));
  const fresh = lintCode(text, file, config);
  expect(digest(fresh.model!), `${step}: fresh with reuse recorded`).toEqual(digest(full.model!));
  releaseCode(fresh.parsed!);
}

/**
 * Typing into the handler as a user does: characters typed into a string and deleted again, a line
 * inserted now and then, and now and then a few characters deleted anywhere (which may break the
 * syntax for a while). Most edits then fall in the statement edited before, and the statements
 * around it are replayed together (see nested-walks.ts).
 */
function typeInto(file: string, source: string, lines: string[], steps: number, seed: number) {
  const config = resolveConfig({ profile: 'strict' });
  const next = random(seed);
  const quote = file.endsWith('.py') ? '"' : "'";
  let text = source;
  let result: CodeLintResult = lintCode(text, file, config);
  const lo = text.indexOf(file.endsWith('.py') ? 'def lambda_handler' : 'exports.handler');
  let cursor = -1;
  for (let step = 0; step < steps; step++) {
    const roll = next();
    if (cursor < 0 || roll < 0.1) {
      const q = text.indexOf(quote, lo + Math.floor(next() * (text.length - lo)));
      cursor = q < 0 ? text.length : q + 1;
    }
    let start = cursor;
    let end = cursor;
    let inserted = '';
    if (roll < 0.05) {
      start = lo + Math.floor(next() * (text.length - lo));
      end = Math.min(text.length, start + 1 + Math.floor(next() * 5));
    } else if (roll < 0.2) {
      start = end = text.lastIndexOf('\n', cursor - 1) + 1;
      inserted = lines[Math.floor(next() * lines.length)];
    } else if (roll < 0.45 && text[cursor - 1] === 'x') start = cursor - 1;
    else inserted = 'x';
    text = text.slice(0, start) + inserted + text.slice(end);
    cursor = roll < 0.05 ? -1 : cursor + inserted.length - (end - start);
    result = lintCode(text, file, config, {
      previous: result,
      edit: { start, oldEnd: end, newEnd: start + inserted.length },
    });
    expectFresh(result, text, file, `step ${step}`);
  }
  releaseCode(result.parsed!);
}

describe('reuse inside one long function', () => {
  it('replays the unchanged statements of the function being edited (same functions, same model)', () => {
    const config = resolveConfig();
    let result = lintCode(JS, 'handler.js', config);
    const helperBefore = result.model!.functions.find((f) => f.name === 'helper')!;
    const flushBefore = result.model!.functions.find((f) => f.name === 'flush')!;
    const text = JS.replace('let total = 0;', 'let total = 1;');
    result = lintCode(text, 'handler.js', config, { previous: result });
    const full = lintCode(text, 'handler.js', config, { keepTree: false });
    // The handler was walked again, but not the statements in it that did not change.
    const helper = result.model!.functions.find((f) => f.name === 'helper')!;
    expect(helper).toBe(helperBefore);
    expect(result.model!.functions.find((f) => f.name === 'flush')).toBe(flushBefore);
    expect(helper.enclosing).toBe(result.model!.handlers[0]);
    expect(result.findings).toEqual(full.findings);
    expect(digest(result.model!)).toEqual(digest(full.model!));
    expect(result.findings.length).toBeGreaterThan(3);
    releaseCode(result.parsed!);
  });

  for (const [file, source, from, to] of [
    ['handler.js', JS, 'class Batch {', 'class Batches {'],
    ['app.py', PY, 'class Batch:', 'class Batches:'],
  ])
    it(`${file}: a renamed class — its methods, reused, take the new name`, () => {
      const config = resolveConfig();
      let result = lintCode(source, file, config);
      const flushBefore = result.model!.functions.find((f) => f.name === 'flush')!;
      expect(flushBefore.className).toBe('Batch');
      const text = source.replace(from, to);
      result = lintCode(text, file, config, { previous: result });
      const full = lintCode(text, file, config, { keepTree: false });
      const flush = result.model!.functions.find((f) => f.name === 'flush')!;
      expect(flush.className).toBe('Batches');
      expect(flush.node).toBe(flushBefore.node); // the method's statement was reused, not its walk
      expect(digest(result.model!)).toEqual(digest(full.model!));
      expect(result.findings).toEqual(full.findings);
      releaseCode(result.parsed!);
    });

  it('JavaScript: 150 seeded random edits inside the handler, each model and findings equal to a fresh lint', () => {
    run(
      'handler.js',
      JS,
      [
        'x',
        ';',
        '\n',
        '{',
        '}',
        'let total = 2;\n',
        'total = 3;\n',
        'var seen;\n',
        'function helper(z) { return z; }\n',
        'class Other { m() { return new S3Client({}); } }\n',
        'await sleep(5000);\n',
        "'arn:aws:sns:us-east-1:1:t'",
        'for (const total of xs) { cache = total; }\n',
      ],
      150,
      7919,
    );
  });

  it('Python: 150 seeded random edits inside the handler, each model and findings equal to a fresh lint', () => {
    run(
      'app.py',
      PY,
      [
        'x',
        ':',
        '\n',
        '    ',
        '    total = 5\n',
        '    global total\n',
        '    nonlocal y\n',
        '    def helper(q):\n        return q\n',
        '    class Other:\n        def flush(self):\n            time.sleep(3)\n',
        '    for total in range(2):\n        counter = total\n',
        'boto3.client("s3")\n',
        '(',
      ],
      150,
      104729,
    );
  });
});

/** A handler of about `groups` × 6 statements in one function, with comments between them. */
function longHandler(family: 'node' | 'python', groups: number): string {
  const out: string[] = [];
  if (family === 'node') {
    out.push(
      "const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');",
      "const { setTimeout: sleep } = require('node:timers/promises');",
      'const s3 = new S3Client({});',
      'let cache;',
      'exports.handler = async (event, context) => {',
      '  const results = [];',
      '  let total = 0;',
    );
    for (let i = 0; i < groups; i++)
      out.push(
        `  // group ${i}`,
        `  const items${i} = (event.items ?? []).filter((item) => item.kind === 'kind-${i}');`,
        `  if (items${i}.length > ${i % 3}) {`,
        `    const out${i} = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k${i}' }));`,
        `    results.push({ kind: ${i}, found: Boolean(out${i}.Body) });`,
        '  }',
        `  total += items${i}.length;`,
        i % 7 === 3
          ? `  cache = cache ?? new Map(); cache.set('k${i}', total);`
          : `  await sleep(${i * 10});`,
      );
    out.push('  return { statusCode: 200, total, results };', '};', '');
  } else {
    out.push(
      'import json',
      'import time',
      '',
      'import boto3',
      '',
      'counter = 0',
      '',
      '',
      'def lambda_handler(event, context):',
      '    global counter',
      '    client = boto3.client("s3")',
      '    results = []',
      '    total = 0',
    );
    for (let i = 0; i < groups; i++)
      out.push(
        `    # group ${i}`,
        `    items${i} = [item for item in event.get("items", []) if item["kind"] == "kind-${i}"]`,
        `    if len(items${i}) > ${i % 3}:`,
        `        out${i} = client.get_object(Bucket="b", Key="k${i}")`,
        `        results.append({"kind": ${i}, "found": bool(out${i}.get("Body"))})`,
        `    total = total + len(items${i})`,
        i % 7 === 3 ? `    counter += ${i}` : `    time.sleep(${i / 100})`,
      );
    out.push('    return {"statusCode": 200, "total": total, "results": results}', '');
  }
  return out.join('\n');
}

describe('reuse inside a function of hundreds of statements', () => {
  it('JavaScript: 150 keystrokes typed into it, each lint equal to a fresh one', () => {
    typeInto(
      'handler.js',
      longHandler('node', 40),
      [
        '  let total = 2;\n',
        '  const items3 = [];\n',
        '  // a note\n',
        '  await sleep(5000);\n',
        "  const client = new S3Client({ region: 'eu-west-1' });\n",
        '  if (total) {\n  }\n',
        '  cache = total;\n',
        '\n',
      ],
      150,
      31337,
    );
  });

  it('Python: 150 keystrokes typed into it, each lint equal to a fresh one', () => {
    typeInto(
      'app.py',
      longHandler('python', 40),
      [
        '    total = 5\n',
        '    global total\n',
        '    time.sleep(3)\n',
        '    # a note\n',
        '    items3 = []\n',
        '    if total:\n        total = 0\n',
        '    client = boto3.client("lambda", region_name="eu-west-1")\n',
        '\n',
      ],
      150,
      65537,
    );
  });
});
