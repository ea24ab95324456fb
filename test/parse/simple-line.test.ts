/**
 * The parser's fast path for `Key: value` lines (parse/yaml/simple-line.ts) must read exactly what
 * the general readers read: edge cases, the repository's YAML files and big-sam, and variants made to
 * sit on the fast path's edges (comments, tabs, CRLF, continuation lines, `: ` in values, quotes,
 * non-ASCII), are parsed with the fast path on and off and the trees (offsets, styles, tags) and
 * problems compared. Every YAML template of the shared corpus: test/corpus/simple-line.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cursor } from '../../src/core/parse/yaml/cursor';
import { readSimpleKey, readSimpleValue, simpleLines } from '../../src/core/parse/yaml/simple-line';
import { BIG_SAM } from '../helpers/big-sam';
import { bothWays, variants, yamlFiles } from '../helpers/simple-line';

const ROOT = join(__dirname, '../..');

afterEach(() => {
  simpleLines.enabled = true;
});

describe('YAML parser fast path for simple lines', () => {
  it('reads the edge cases the same way as the general readers', () => {
    const cases = [
      'a: b\nc: d',
      'a: b\n  continued\nc: d',
      'a: b\n\n   \n  continued',
      'a: b\n# comment\n  # indented comment\nc: d',
      'a: b # comment',
      'a: b#not a comment',
      'a: b: c',
      'a: b:',
      'a:b',
      'a: b\r\nc: d\r\n',
      'a: b\t\nc: d',
      'a: caf\u00e9',
      'a: -1\nb: .5\nc: ...\nd: /path/x\ne: $x{y}',
      'list:\n  - a\n  - b\n    continued\n  - c: d\n  - e:\n  -',
      'a:\n  b: c\n    d\n  e: f',
      'top: 1\n---\nnext: 2',
      'a: b   \nc: d   ',
      'key-with.dots/and-slashes: v\n_under: v\n-dash: v\n.dot: v',
      'a: [b, c]\nd: {e: f}\ng: "h"\ni: \'j\'',
      'a: !Ref b\nc: &x d\ne: *x',
      'a: |\n  block\nb: >\n  folded',
      'Fn::GetAtt: x\n"quoted": y\n? complex\n: value',
    ];
    for (const text of cases) {
      const { fast, general } = bothWays(text);
      expect(fast, JSON.stringify(text)).toBe(general);
    }
  });

  it('reads a nesting-limit document the same way (the limit counts fast-path values too)', () => {
    // Nested mappings, the innermost holding a fast-path value: at the limit, that value is the
    // node one level too deep.
    const deep = (levels: number) =>
      [
        ...Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`),
        `${' '.repeat(levels)}leaf: v`,
      ].join('\n');
    for (const levels of [198, 199, 200, 201]) {
      const { fast, general } = bothWays(deep(levels));
      expect(fast).toBe(general);
    }
  });

  it('reads the repository’s YAML files and big-sam, and edited variants of them, the same way', () => {
    const folders = [
      'examples',
      'test/e2e/workspace',
      'test/vscode/workspace',
      'test/fixtures',
      'bench/fixtures',
    ];
    const files = folders.flatMap((folder) => yamlFiles(join(ROOT, folder)));
    expect(files.length).toBeGreaterThan(5);
    const texts = new Map([['big-sam', BIG_SAM], ...files.map((f) => [f, readFileSync(f, 'utf8')] as const)]);
    let seed = 0;
    for (const [file, text] of texts)
      for (const variant of [text, ...variants(text, ++seed)]) {
        const { fast, general } = bothWays(variant);
        if (fast !== general) expect({ file, fast }).toEqual({ file, fast: general });
      }
  });

  it('takes plain lines and leaves everything else to the general readers', () => {
    const value = (text: string, indent = 0) => {
      const cur = new Cursor(text);
      cur.pos = text.indexOf(':') + 1;
      return readSimpleValue(cur, indent)?.value ?? null;
    };
    expect(value('Runtime: nodejs22.x\nHandler: x')).toBe('nodejs22.x');
    expect(value('Arn: arn:aws:sns:us-east-1:1:t   \n')).toBe('arn:aws:sns:us-east-1:1:t');
    expect(value('a: b\n\n  \nc: d')).toBe('b');
    expect(value('a: b\n  # comment')).toBe('b');
    for (const long of [
      'a: b\n  c',
      'a: b # c',
      'a: b: c',
      'a: b\r\n',
      'a: "b"',
      'a: !Ref b',
      'a: caf\u00e9',
      'a: -1',
      'a:\tb',
    ])
      expect(value(long), JSON.stringify(long)).toBeNull();
    const key = (text: string) => {
      const cur = new Cursor(text);
      const node = readSimpleKey(cur);
      return node ? [node.value, cur.pos] : null;
    };
    expect(key('Properties:\n')).toEqual(['Properties', 10]);
    expect(key('Fn0001: x')).toEqual(['Fn0001', 6]);
    for (const other of ['Fn::GetAtt: x', '"a": b', '-a: b', 'a b: c', 'a:b', 'a:\r\n', '!t a: b'])
      expect(key(other), JSON.stringify(other)).toBeNull();
    simpleLines.enabled = false;
    expect(value('a: b')).toBeNull();
  });
});
