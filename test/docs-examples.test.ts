/**
 * The documentation is tested like code (as Biome does): every rule has a page with the required
 * sections, and every example on it is linted under the recommended profile. An invalid example must
 * give exactly one finding, of the page's rule; a valid example must give none at all. Template rules
 * show YAML and JSON examples, and serverless.yml ones (linted through the front door as a file named
 * serverless.yml) unless the page says, in the sentence NOT_IN_SERVERLESS, why the rule cannot apply
 * there; code rules show JavaScript or TypeScript, and Python. (That every rule has a page, and
 * nothing else does, is checked by test/meta.test.ts.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, resolveConfig } from '../src/core/config/config';
import { lintCode } from '../src/core/code/lint';
import { initCodeParsers } from '../src/core/code/parsers';
import { lintText } from '../src/core/engine';
import { analyzeFile } from '../src/core/index';
import { RULES } from '../src/core/rules';
import { type Host, type Rule, fixableIn } from '../src/core/rules/types';

beforeAll(() => initCodeParsers());

const DOCS = join(__dirname, '..', 'docs');
const RULES_DIR = join(DOCS, 'rules');

/**
 * The info strings of tested examples: `<syntax> [<format>] <kind>`. The syntax comes first, so that
 * Markdown renderers highlight the block; a format is named when the syntax alone does not say which
 * file the example is (`yaml serverless valid` is a serverless.yml, `yaml valid` a SAM template).
 */
const TEMPLATE_KINDS = ['yaml invalid', 'yaml valid', 'json invalid', 'json valid'];
const SERVERLESS_KINDS = ['yaml serverless invalid', 'yaml serverless valid'];
const CODE_KINDS = ['js invalid', 'js valid', 'ts invalid', 'ts valid', 'python invalid', 'python valid'];
const EXAMPLE_KINDS = [...TEMPLATE_KINDS, ...SERVERLESS_KINDS, ...CODE_KINDS];

/**
 * What a page of a template rule says, under Examples, when the rule cannot apply to serverless.yml
 * (the sentence, then why, in the same paragraph). Such a page shows no serverless.yml example, and
 * the rule must be listed in NOT_IN_SERVERLESS_RULES too: a page cannot opt out on its own.
 */
const NOT_IN_SERVERLESS = 'This rule does not apply to serverless.yml:';

/** The template rules a serverless.yml cannot trigger (each page says why). */
const NOT_IN_SERVERLESS_RULES: ReadonlySet<string> = new Set([]);

/** The file each code example is linted as. */
const CODE_FILES: Record<string, string> = { js: 'handler.js', ts: 'handler.ts', python: 'app.py' };

/**
 * The kinds a rule's page must show: YAML and JSON for template rules, and serverless.yml unless the
 * rule cannot apply there; JS or TS, and Python, for code rules.
 */
function requiredKinds(rule: Rule): string[][] {
  const kinds: string[][] = [];
  if (rule.check) kinds.push(...TEMPLATE_KINDS.map((k) => [k]));
  if (rule.check && !NOT_IN_SERVERLESS_RULES.has(rule.meta.id))
    kinds.push(...SERVERLESS_KINDS.map((k) => [k]));
  if (rule.checkCode)
    kinds.push(['js invalid', 'ts invalid'], ['js valid', 'ts valid'], ['python invalid'], ['python valid']);
  return kinds;
}

/** The headings every rule page has, in this order. */
const SECTIONS = [
  '## Why',
  '## Examples',
  '### Invalid',
  '### Valid',
  '## Options',
  '## Fix',
  '## When it is justified',
  '## Conflicts with other tools',
  '## See also',
];

/**
 * The workspace the examples assume: `src/app.js` and `src/app.py` exist and define `handler`, and a
 * path without an extension is a folder.
 */
const HANDLER_FILES: Record<string, string> = {
  'src/app.js': 'exports.handler = async (event) => ({ statusCode: 200 });\n',
  'src/app.py': 'def handler(event, context):\n    return {"statusCode": 200}\n',
};
const host: Host = {
  exists(path) {
    const p = posix.normalize(path.replace(/\\/g, '/'));
    return p in HANDLER_FILES || posix.extname(p) === '';
  },
  readFile(path) {
    return HANDLER_FILES[posix.normalize(path.replace(/\\/g, '/'))];
  },
};

interface Block {
  info: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The `##` and `###` headings the block sits under. */
  section: string;
  subsection: string;
}

/** Every fenced code block of a Markdown page, with the headings above it. */
function fencedBlocks(page: string): Block[] {
  const blocks: Block[] = [];
  const lines = page.split('\n');
  let section = '';
  let subsection = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('## ')) [section, subsection] = [line, ''];
    else if (line.startsWith('### ')) subsection = line;
    const fence = /^```(.*)$/.exec(line);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    blocks.push({
      info: fence[1].trim(),
      code: body.join('\n') + '\n',
      line: start + 1,
      section,
      subsection,
    });
  }
  return blocks;
}

/** The text of a `## ` section, up to the next one. */
function sectionText(page: string, heading: string): string {
  const start = page.indexOf(`\n${heading}\n`);
  if (start === -1) return '';
  const next = page.indexOf('\n## ', start + heading.length + 2);
  return page.slice(start, next === -1 ? undefined : next);
}

function pagePath(rule: Rule): string {
  return join(RULES_DIR, `${rule.meta.id}.md`);
}

/** The example's parse problems and its findings as `rule: message`. */
function lintExample(block: Block): { problems: unknown[]; findings: string[] } {
  const syntax = block.info.split(' ')[0];
  if (SERVERLESS_KINDS.includes(block.info)) {
    // Through the front door, as the CLI and the editor read a service file (a file named
    // serverless.yml goes to the Serverless Framework adapter; one that is not an AWS service is not
    // analysed at all).
    const analysis = analyzeFile(
      { path: 'serverless.yml', text: block.code },
      { config: resolveConfig(), host },
    );
    expect(analysis.kind, 'the example is read as an AWS service').toBe('template');
    if (analysis.kind !== 'template') return { problems: [analysis.kind], findings: [] };
    const { result } = analysis;
    return {
      problems: result.doc.problems,
      findings: result.findings.map((f) => `${f.ruleId}: ${f.message}`),
    };
  }
  if (syntax in CODE_FILES) {
    const result = lintCode(block.code, CODE_FILES[syntax], resolveConfig(), { keepTree: false });
    const problems = [...result.problems, ...(result.model?.hasErrors ? ['syntax error'] : [])];
    return { problems, findings: result.findings.map((f) => `${f.ruleId}: ${f.message}`) };
  }
  const result = lintText(
    block.code,
    syntax === 'json' ? 'template.json' : 'template.yaml',
    resolveConfig(),
    host,
  );
  expect(result.doc.syntax).toBe(syntax);
  return { problems: result.doc.problems, findings: result.findings.map((f) => `${f.ruleId}: ${f.message}`) };
}

describe('rule documentation', () => {
  for (const rule of RULES) {
    const id = rule.meta.id;
    describe(id, () => {
      const path = pagePath(rule);
      const page = existsSync(path) ? readFileSync(path, 'utf8') : '';
      const blocks = fencedBlocks(page);
      const examples = blocks.filter((b) => b.section === '## Examples');

      it('has a page with a title, a summary and every section in order', () => {
        expect(existsSync(path), `missing ${path}`).toBe(true);
        const lines = page.split('\n');
        expect(lines[0]).toBe(`# ${id}`);
        // A one-line summary, alone in its paragraph, follows the title.
        expect(lines.slice(1, 4).map((l) => l.trim() !== '' && !l.startsWith('#'))).toEqual([
          false,
          true,
          false,
        ]);
        const positions = SECTIONS.map((heading) => lines.indexOf(heading));
        for (const [i, heading] of SECTIONS.entries())
          expect(positions[i], `missing heading '${heading}'`).toBeGreaterThan(0);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      });

      it('has at least one example of each kind, each under its heading', () => {
        for (const kinds of requiredKinds(rule))
          expect(
            examples.some((b) => kinds.includes(b.info)),
            `no '${kinds.join("' or '")}' example`,
          ).toBe(true);
        const allowed = [
          ...(rule.check ? TEMPLATE_KINDS : []),
          ...(rule.check && !NOT_IN_SERVERLESS_RULES.has(id) ? SERVERLESS_KINDS : []),
          ...(rule.checkCode ? CODE_KINDS : []),
        ];
        for (const block of examples) {
          expect(allowed, `line ${block.line}: every block under Examples is a tested example`).toContain(
            block.info,
          );
          expect(block.subsection, `line ${block.line}`).toBe(
            block.info.endsWith('invalid') ? '### Invalid' : '### Valid',
          );
        }
        const stray = blocks.filter((b) => b.section !== '## Examples' && EXAMPLE_KINDS.includes(b.info));
        expect(
          stray.map((b) => b.line),
          'tested examples belong under Examples',
        ).toEqual([]);
      });

      if (rule.check)
        it('shows serverless.yml examples, or says under Examples why the rule cannot apply there', () => {
          const examplesText = sectionText(page, '## Examples');
          const marker = examplesText
            .split(/\n\s*\n/)
            .find((paragraph) => paragraph.trim().startsWith(NOT_IN_SERVERLESS));
          if (NOT_IN_SERVERLESS_RULES.has(id)) {
            expect(marker, `the page says '${NOT_IN_SERVERLESS} <why>' under Examples`).toBeDefined();
            // The sentence goes on to say why.
            expect(marker!.trim().length, 'a reason after the sentence').toBeGreaterThan(
              NOT_IN_SERVERLESS.length + 20,
            );
          } else {
            expect(marker, `${id} is not listed in NOT_IN_SERVERLESS_RULES`).toBeUndefined();
            expect(page, 'the sentence is only for rules that cannot apply').not.toContain(NOT_IN_SERVERLESS);
          }
        });

      it('documents its options and its fix', () => {
        const options = sectionText(page, '## Options');
        const names = Object.keys(rule.meta.options ?? {});
        if (names.length === 0) expect(options).toMatch(/\bNone\b/);
        for (const name of names) expect(options).toContain(`\`${name}\``);
        // Option snippets are ownless.yaml configuration: they must be accepted as written.
        for (const block of fencedBlocks(options).filter((b) => b.info === 'yaml')) {
          expect(parseConfigText(block.code).errors, `Options snippet: ${block.code}`).toEqual([]);
        }
        const fix = sectionText(page, '## Fix');
        for (const kind of ['template', 'code'] as const)
          if (kind === 'template' ? rule.check : rule.checkCode)
            expect(fix).toMatch(new RegExp(`\\b${fixableIn(rule.meta, kind)}\\b`, 'i'));
      });

      for (const block of examples) {
        it(`${block.info} example (line ${block.line})`, () => {
          const result = lintExample(block);
          expect(result.problems, 'the example parses').toEqual([]);
          const found = result.findings;
          // Rule ids are plain `[a-z0-9/-]`, safe to use as a pattern.
          const expected = block.info.endsWith('invalid')
            ? [expect.stringMatching(new RegExp(`^${id}: `))]
            : [];
          expect(
            found,
            block.info.endsWith('invalid') ? `exactly one finding, of ${id}` : 'no findings',
          ).toEqual(expected);
        });
      }
    });
  }
});

describe('rule index (docs/rules/README.md)', () => {
  const index = readFileSync(join(RULES_DIR, 'README.md'), 'utf8');
  const rows = index.split('\n').filter((l) => l.startsWith('| `'));

  it('lists every rule once, with its tenet, severities, fix and page', () => {
    expect(rows).toHaveLength(RULES.length);
    for (const rule of RULES) {
      const { id, tenet, severity, fixable } = rule.meta;
      const row = rows.find((r) => r.startsWith(`| \`${id}\` |`));
      expect(row, `no row for ${id}`).toBeDefined();
      const cells = row!
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      expect(cells.slice(0, 6)).toEqual([
        `\`${id}\``,
        tenet,
        severity.recommended,
        severity.strict,
        severity.relaxed,
        typeof fixable === 'string' ? fixable : `${fixable.template} (templates), ${fixable.code} (code)`,
      ]);
      expect(cells[7]).toContain(`(${id}.md)`);
    }
  });

  it('shows configuration that ownless.yaml accepts as written', () => {
    const snippets = fencedBlocks(index).filter((b) => b.info === 'yaml');
    expect(snippets.length).toBeGreaterThan(0);
    for (const block of snippets) expect(parseConfigText(block.code).errors, block.code).toEqual([]);
  });
});

describe('parse errors and limits (docs/parse-errors-and-limits.md)', () => {
  const page = readFileSync(join(DOCS, 'parse-errors-and-limits.md'), 'utf8');

  it('names every limit, and its configuration snippets are valid ownless.yaml', () => {
    for (const limit of ['maxFileSize', 'maxDepth', 'maxAliases']) expect(page).toContain(`\`${limit}\``);
    const snippets = fencedBlocks(page).filter((b) => b.info === 'yaml' && /^limits:/m.test(b.code));
    expect(snippets.length).toBeGreaterThan(0);
    for (const block of snippets) expect(parseConfigText(block.code).errors, block.code).toEqual([]);
  });
});

describe('README quick start: the serverless.yml project', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const heading = '### A Serverless Framework project (serverless.yml)';
  const start = readme.indexOf(`\n${heading}\n`);
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  const blocks = fencedBlocks(section);

  it('shows a service and the findings `ownless lint` gives on it, as they are', () => {
    expect(start, `the README has '${heading}'`).toBeGreaterThan(0);
    const service = blocks.find((b) => b.info === 'yaml');
    const output = blocks.find((b) => b.info === 'text');
    expect(service && output).toBeTruthy();
    const code: Record<string, string> = {
      'src/api.js': 'exports.handler = async () => ({ statusCode: 200 });\n',
      'src/worker.js': 'exports.handler = async () => {};\n',
    };
    const project: Host = {
      exists: (path) => posix.normalize(path) in code || posix.extname(path) === '',
      readFile: (path) => code[posix.normalize(path)],
    };
    const analysis = analyzeFile(
      { path: 'serverless.yml', text: service!.code },
      { config: resolveConfig(), host: project },
    );
    expect(analysis.kind).toBe('template');
    if (analysis.kind !== 'template') return;
    const found = analysis.result.findings.map(
      (f) =>
        `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message} ${f.ruleId}`,
    );
    const shown = output!.code
      .split('\n')
      .map((line) => /^\s+(\d+:\d+)\s+(\w+)\s+(.*?)\s+([a-z]+\/[a-z-]+)$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => m!.slice(1).join(' '));
    expect(shown.length).toBeGreaterThan(0);
    expect(found).toEqual(shown);
  });
});
