/**
 * Parsing handler code: every language loads, the compact tree matches tree-sitter's, and an
 * incremental re-parse (edited tree, reused statements) equals a full parse on seeded random edits.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CodeLanguage,
  initCodeParsers,
  languageForPath,
  locateWasmDir,
  WASM_FILES,
} from '../../src/core/code/parsers';
import { type ParsedCode, diffTexts, parseCode, releaseCode } from '../../src/core/code/parse';
import type { SyntaxNode } from '../../src/core/code/syntax';

beforeAll(() => initCodeParsers());

const FIXTURES = join(__dirname, '..', 'fixtures', 'code');

/** A plain, comparable rendering of a compact tree (what the analysis sees). */
function render(node: SyntaxNode, start = 0): unknown {
  return {
    type: node.type,
    start,
    end: start + node.length,
    text: node.text,
    tokens: node.tokens,
    error: node.hasError,
    children: node.children.map((c, i) => [node.fields[i], render(c, start + node.offsets[i])]),
  };
}

/** A small deterministic generator (mulberry32), so a failing edit can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLES: Record<CodeLanguage, string> = {
  javascript: 'incremental.js',
  typescript: 'incremental.ts',
  tsx: 'incremental.tsx',
  python: 'incremental.py',
};

const SNIPPETS: Record<CodeLanguage, string[]> = {
  javascript: [
    'x',
    ';',
    '{',
    '}',
    '(',
    ')',
    '\n',
    'await sleep(5000);\n',
    "'é😀'",
    'const a = 1;\n',
    '/*',
    '"',
    '`${',
  ],
  typescript: ['x', ': string', '<T>', '{', '}', '\n', 'as any', "'é😀'", 'export const y = 2;\n', '('],
  tsx: ['<div>', '</div>', '{x}', '\n', 'x', '(', ')'],
  python: ['x', ':', '\n', '    ', 'def f(a):\n    return a\n', '(', ')', "'é😀'", '"""', 'time.sleep(2)\n'],
};

describe('code parsers', () => {
  it('finds the wasm files', () => {
    const dir = locateWasmDir()!;
    expect(dir).toBeDefined();
    for (const file of WASM_FILES) expect(readFileSync(join(dir, file)).length).toBeGreaterThan(1000);
  });

  it('maps file extensions to languages', () => {
    expect(
      ['a.js', 'a.mjs', 'a.cjs', 'a.jsx', 'a.ts', 'a.mts', 'a.cts', 'a.tsx', 'a.py', 'a.rb', 'Makefile'].map(
        languageForPath,
      ),
    ).toEqual([
      'javascript',
      'javascript',
      'javascript',
      'javascript',
      'typescript',
      'typescript',
      'typescript',
      'tsx',
      'python',
      undefined,
      undefined,
    ]);
  });

  it('keeps UTF-16 offsets (as LSP counts) for non-ASCII text', () => {
    const text = "const é = '😀😀'; foo(1);\n";
    const parsed = parseCode(text, 'javascript', undefined, undefined, { keepTree: false });
    const statement = parsed.root.children[1];
    const start = parsed.root.offsets[1];
    expect(text.slice(start, start + statement.length)).toBe('foo(1);');
    expect(parsed.hasErrors).toBe(false);
  });

  it('marks syntax errors', () => {
    expect(parseCode('function (', 'javascript').hasErrors).toBe(true);
    expect(parseCode('def f(:\n', 'python').hasErrors).toBe(true);
  });

  it('finds the smallest edit between two texts', () => {
    expect(diffTexts('abcdef', 'abXYef')).toEqual({ start: 2, oldEnd: 4, newEnd: 4 });
    expect(diffTexts('aaa', 'aaaa')).toEqual({ start: 3, oldEnd: 3, newEnd: 4 });
    expect(diffTexts('same', 'same')).toEqual({ start: 4, oldEnd: 4, newEnd: 4 });
  });
});

describe('incremental re-parse of a long function', () => {
  const lines = ['exports.handler = async (event) => {'];
  for (let i = 0; i < 200; i++) lines.push(`  // ${i}`, `  const v${i} = await get('k${i}', event);`);
  lines.push('  return v0;', '};', '');
  const source = lines.join('\n');

  it('keeps the untouched children of the nodes around a keystroke, moved, and equals a full parse', () => {
    let parsed = parseCode(source, 'javascript');
    const body = (root: SyntaxNode) =>
      root.children[0].children[0].children[1].children.find((c) => c.type === 'statement_block')!;
    const before = body(parsed.root);
    const at = source.indexOf("'k100") + 2;
    const text = source.slice(0, at) + 'x' + source.slice(at);
    parsed = parseCode(text, 'javascript', parsed, { start: at, oldEnd: at, newEnd: at + 1 });
    const after = body(parsed.root);
    const changed = after.children.findIndex((c, i) => c !== before.children[i]);
    expect(after.children[changed].type).toBe('lexical_declaration');
    // Only the statement typed into was converted again; the ones after it moved by one.
    expect(after.children.filter((c, i) => c !== before.children[i])).toHaveLength(1);
    expect(after.offsets[changed + 1]).toBe(before.offsets[changed + 1] + 1);
    const full = parseCode(text, 'javascript', undefined, undefined, { keepTree: false });
    expect(render(parsed.root)).toEqual(render(full.root));
    releaseCode(parsed);
  });
});

describe('incremental re-parse equals a full parse', () => {
  for (const language of Object.keys(SAMPLES) as CodeLanguage[]) {
    it(`${language}: 300 seeded random edits`, () => {
      const next = random(language.length * 7919);
      let text = readFileSync(join(FIXTURES, SAMPLES[language]), 'utf8');
      let parsed: ParsedCode = parseCode(text, language);
      for (let step = 0; step < 300; step++) {
        const start = Math.floor(next() * (text.length + 1));
        const removed = next() < 0.5 ? Math.floor(next() * 12) : 0;
        const snippets = SNIPPETS[language];
        const inserted = next() < 0.8 ? snippets[Math.floor(next() * snippets.length)] : '';
        const end = Math.min(text.length, start + removed);
        const after = text.slice(0, start) + inserted + text.slice(end);
        // Half the steps name the edit, the other half let parseCode find it.
        const edit = step % 2 ? { start, oldEnd: end, newEnd: start + inserted.length } : undefined;
        parsed = parseCode(after, language, parsed, edit);
        const full = parseCode(after, language, undefined, undefined, { keepTree: false });
        expect(render(parsed.root), `step ${step}`).toEqual(render(full.root));
        text = after;
      }
      releaseCode(parsed);
    });
  }
});
