/**
 * The parser's fast path for `Key: value` lines (parse/yaml/simple-line.ts) must read exactly what
 * the general readers read: every YAML template of the corpus, and variants made to sit on the
 * fast path's edges (comments, tabs, CRLF, continuation lines, `: ` in values, quotes, non-ASCII),
 * is parsed with the fast path on and off and the trees (offsets, styles, tags) and problems compared.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Node } from '../../src/core/parse/ast';
import { parseYaml } from '../../src/core/parse/yaml/parser';
import { Cursor } from '../../src/core/parse/yaml/cursor';
import { readSimpleKey, readSimpleValue, simpleLines } from '../../src/core/parse/yaml/simple-line';
import { CORPUS } from '../helpers/corpus';

/** A node as text: kind, offsets, style, tag and anchor, value, children. */
function dump(node: Node | null): unknown {
  if (!node) return null;
  const base = [node.kind, node.start, node.end, node.tag?.name, node.tag?.start, node.anchor];
  switch (node.kind) {
    case 'scalar':
      return [...base, node.style, node.value];
    case 'alias':
      return [...base, node.name];
    case 'seq':
      return [...base, node.flow, node.items.map(dump)];
    case 'map':
      return [...base, node.flow, node.pairs.map((p) => [dump(p.key), dump(p.value)])];
  }
}

function bothWays(text: string): { fast: string; general: string } {
  const read = () => {
    const result = parseYaml(text);
    return JSON.stringify({ root: dump(result.root), problems: result.problems });
  };
  simpleLines.enabled = true;
  const fast = read();
  simpleLines.enabled = false;
  const general = read();
  simpleLines.enabled = true;
  return { fast, general };
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** Deterministic variants of a text, each line edited one way or another (seeded). */
function variants(text: string, seed: number): string[] {
  let state = seed;
  const random = (n: number) => (state = (state * 48271) % 2147483647) % n;
  const edits: ((line: string) => string)[] = [
    (l) => `${l} # a comment`,
    (l) => `${l}#not a comment`,
    (l) => l.replace(': ', ':\t'),
    (l) => l.replace(': ', ': \t'),
    (l) => `${l}   `,
    (l) => `${l}: more`,
    (l) => `${l}:`,
    (l) => l.replace(/: (\S)/, ": '$1"),
    (l) => l.replace(/: (\S)/, ': é$1'),
    (l) => l.replace(/^(\s*)/, '$1\t'),
    (l) => `${l}\n${l.replace(/^(\s*).*/, '$1    continued')}`,
    (l) => `${l}\n\n${l.replace(/^(\s*).*/, '$1  continued after a blank line')}`,
    (l) => `${l}\n   \n${l.replace(/^(\s*).*/, '$1# a comment line')}`,
    (l) => `${l}\n---`,
    (l) => l.replace(/: (\S)/, ': -$1'),
    (l) => l.replace(/^(\s*)(\w)/, '$1-$2'),
    (l) => l.replace(/^(\s*)(\w)/, '$1? $2'),
    (l) => l.replace(/: (\S)/, ': !Ref $1'),
    (l) => l.replace(/: (\S)/, ': &a $1'),
  ];
  const lines = text.split('\n');
  const out = [text.replace(/\n/g, '\r\n')];
  for (let v = 0; v < 6; v++) {
    const copy = [...lines];
    for (let k = 0; k < 12 && copy.length > 0; k++) {
      const at = random(copy.length);
      copy[at] = edits[random(edits.length)](copy[at]);
    }
    out.push(copy.join('\n'));
  }
  return out;
}

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

  it('reads every corpus template, and edited variants of it, the same way', () => {
    const files = yamlFiles(CORPUS).filter((f) => !f.includes('/stress/'));
    expect(files.length).toBeGreaterThan(500);
    let compared = 0;
    for (const [i, file] of files.entries()) {
      const text = readFileSync(file, 'utf8');
      // Every template as it is; a sample of them (every fifth) also in edited variants.
      for (const variant of i % 5 === 0 ? [text, ...variants(text, i + 1)] : [text]) {
        const { fast, general } = bothWays(variant);
        if (fast !== general) expect({ file, fast }).toEqual({ file, fast: general });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
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
