/**
 * lintCode: the same findings, configuration and suppressions as templates, for handler code;
 * incremental re-linting after an edit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/config/config';
import { type CodeLintResult, isCodeFile, lintCode } from '../../src/core/code/lint';
import { initCodeParsers } from '../../src/core/code/parsers';
import { releaseCode } from '../../src/core/code/parse';
import { RULES_BY_ID } from '../../src/core/rules';
import type { Rule } from '../../src/core/rules/types';
import { dedent } from '../helpers/rule-tester';

beforeAll(() => initCodeParsers());

const JS = dedent(`
  const { S3Client } = require('@aws-sdk/client-s3');
  exports.handler = async (event) => {
    const s3 = new S3Client({});
    return s3;
  };
`);

function rows(result: CodeLintResult) {
  return result.findings.map(
    (f) =>
      `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId}:${f.messageId}`,
  );
}

describe('lintCode', () => {
  it('returns findings in the template shape, with the functions the caller names', () => {
    const result = lintCode(JS, 'src/app.js', resolveConfig(), {
      functions: ['OrdersFunction'],
      handlers: ['handler'],
    });
    expect(result.problems).toEqual([]);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding).toMatchObject({
      ruleId: 'idle/client-in-handler',
      tenet: 'idle',
      severity: 'warning',
      messageId: 'client',
      data: { what: 'S3Client' },
      path: 'src/app.js',
      range: { start: { line: 2, character: 13 }, end: { line: 2, character: 29 } },
      functions: ['OrdersFunction'],
      related: [],
    });
    expect(finding.message).toContain('S3Client is created inside the handler');
    expect(finding.fixes[0]).toMatchObject({ title: 'Move the client to module scope', safe: true });
    expect(finding.fixes[0].edits[0].range.start).toEqual({ line: 1, character: 0 });
  });

  it('honours the configuration: severity, off, profile', () => {
    expect(rows(lintCode(JS, 'app.js', resolveConfig({ profile: 'strict' })))).toEqual([
      '3:14 error idle/client-in-handler:client',
    ]);
    expect(
      rows(
        lintCode(JS, 'app.js', resolveConfig({ rules: { 'idle/client-in-handler': { severity: 'info' } } })),
      ),
    ).toEqual(['3:14 info idle/client-in-handler:client']);
    expect(
      rows(
        lintCode(JS, 'app.js', resolveConfig({ rules: { 'idle/client-in-handler': { severity: 'off' } } })),
      ),
    ).toEqual([]);
  });

  it('does not analyse a file above maxFileSize', () => {
    const result = lintCode(JS, 'app.js', resolveConfig({ limits: { maxFileSize: 10 } }));
    expect(result.findings).toEqual([]);
    expect(result.problems[0].message).toContain('maxFileSize');
  });

  it('knows which files are code', () => {
    expect(['a.js', 'a.ts', 'a.tsx', 'a.py', 'template.yaml', 'a.go'].map(isCodeFile)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(() => lintCode('x', 'template.yaml', resolveConfig())).toThrow(/not a JavaScript/);
  });

  it('reports a rule that fails instead of failing', () => {
    const broken: Rule = {
      meta: { ...RULES_BY_ID.get('idle/client-in-handler')!.meta },
      checkCode() {
        throw new Error('boom');
      },
    };
    const result = lintCode(JS, 'app.js', resolveConfig(), { rules: [broken] });
    expect(result.problems.map((p) => p.message)).toEqual([
      'internal error in rule idle/client-in-handler: boom (please report it)',
    ]);
  });
});

describe('suppressions in code', () => {
  const lint = (code: string, path = 'app.js') => rows(lintCode(code, path, resolveConfig()));

  it('// ownless-ignore on the line, or alone on the line above, suppresses', () => {
    expect(
      lint(
        JS.replace(
          'new S3Client({});',
          'new S3Client({}); // ownless-ignore idle/client-in-handler: per-tenant credentials',
        ),
      ),
    ).toEqual([]);
    expect(
      lint(
        JS.replace(
          '  const s3',
          '  // ownless-ignore idle/client-in-handler: per-tenant credentials\n\n  const s3',
        ),
      ),
    ).toEqual([]);
  });

  it('a suppression without a reason still suppresses, and is reported', () => {
    expect(
      lint(JS.replace('new S3Client({});', 'new S3Client({}); // ownless-ignore idle/client-in-handler')),
    ).toEqual(['3:32 warning meta/invalid-suppression:missingReason']);
  });

  it('an unknown rule id is reported with a suggestion', () => {
    const result = lintCode(
      JS.replace('  const s3', '  // ownless-ignore idle/client-in-handlr: typo\n  const s3'),
      'app.js',
      resolveConfig(),
    );
    expect(result.findings.map((f) => f.message)).toEqual([
      expect.stringContaining('idle/client-in-handlr'),
      expect.stringContaining('S3Client'),
    ]);
    expect(result.findings[0].message).toContain('did you mean idle/client-in-handler?');
  });

  it('a directive inside a string is no directive', () => {
    expect(
      lint(
        JS.replace(
          'new S3Client({});',
          "new S3Client({ x: '// ownless-ignore idle/client-in-handler: no' });",
        ),
      ),
    ).toEqual(['3:14 warning idle/client-in-handler:client']);
  });

  it('Python: # ownless-ignore', () => {
    const py = dedent(`
      import boto3


      def handler(event, context):
          # ownless-ignore idle/client-in-handler: the role is assumed per request
          s3 = boto3.client("s3")
          return s3
    `);
    expect(lint(py, 'app.py')).toEqual([]);
    expect(lint(py.replace('# ownless-ignore', '# ownless-ignore-not'), 'app.py')).toHaveLength(1);
  });
});

describe('incremental lintCode', () => {
  it('gives the same findings as a full lint after each edit, reusing unchanged statements', () => {
    const config = resolveConfig();
    const base = dedent(`
      const { S3Client } = require('@aws-sdk/client-s3');
      function helper(x) {
        return x * 2;
      }
      exports.handler = async (event) => {
        const s3 = new S3Client({});
        return helper(event.n) + s3;
      };
    `);
    let result = lintCode(base, 'app.js', config);
    const edits = [
      (t: string) => t.replace('x * 2', 'x * 3'),
      (t: string) => t.replace('const s3 = new S3Client({});', 'const s3 = null;'),
      (t: string) => t.replace('const s3 = null;', 'const s3 = new S3Client({ maxAttempts: 2 });'),
      (t: string) => `// header\n${t}`,
    ];
    let text = base;
    for (const [i, edit] of edits.entries()) {
      text = edit(text);
      const helperBefore = result.parsed!.root.children[1];
      result = lintCode(text, 'app.js', config, { previous: result });
      const full = lintCode(text, 'app.js', config, { keepTree: false });
      expect(result.findings, `edit ${i}`).toEqual(full.findings);
      if (i === 1) expect(result.parsed!.root.children[1]).toBe(helperBefore); // the helper was not converted again
    }
    expect(rows(result)).toEqual(['7:14 warning idle/client-in-handler:client']);
    releaseCode(result.parsed!);
  });
});

describe('incremental lintCode on seeded random edits', () => {
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
  const samples: [string, string[]][] = [
    [
      'incremental.js',
      [
        'x',
        ';',
        '\n',
        'await sleep(5000);\n',
        'new S3Client({});\n',
        '}',
        '{',
        "'arn:aws:sns:eu-west-1:1:t'",
      ],
    ],
    ['incremental.ts', ['x', ';', '\n', 'const c = new Pool();\n', 'export const h = 1;\n', '(']],
    ['incremental.py', ['x', ':', '\n', '    ', 'time.sleep(2)\n', 'boto3.client("s3")\n', '(']],
  ];
  for (const [file, snippets] of samples)
    it(`${file}: 150 edits, each re-lint equal to a full lint`, () => {
      const config = resolveConfig({ profile: 'strict' });
      const next = random(file.length * 104729);
      let text = readFileSync(join(__dirname, '..', 'fixtures', 'code', file), 'utf8');
      let result = lintCode(text, file, config);
      for (let step = 0; step < 150; step++) {
        const start = Math.floor(next() * (text.length + 1));
        const end = Math.min(text.length, start + (next() < 0.5 ? Math.floor(next() * 10) : 0));
        const inserted = next() < 0.8 ? snippets[Math.floor(next() * snippets.length)] : '';
        text = text.slice(0, start) + inserted + text.slice(end);
        result = lintCode(text, file, config, {
          previous: result,
          edit: step % 2 ? { start, oldEnd: end, newEnd: start + inserted.length } : undefined,
        });
        const full = lintCode(text, file, config, { keepTree: false });
        expect(result.findings, `step ${step}`).toEqual(full.findings);
        expect(result.problems, `step ${step}`).toEqual(full.problems);
      }
      releaseCode(result.parsed!);
    });
});
