import { describe, expect, it } from 'vitest';
import { LineIndex, get, type Node } from '../../src/core/parse/ast';
import { toJS } from '../../src/core/parse/to-js';
import { DEFAULT_YAML_LIMITS, parseYaml } from '../../src/core/parse/yaml/parser';
import { dedent } from '../helpers/rule-tester';

function read(text: string) {
  const result = parseYaml(text);
  return { ...result, value: toJS(result.root), lines: new LineIndex(text) };
}

/** 1-based line:column of a node's start, as editors show it. */
function at(text: string, node: Node | undefined): string {
  if (!node) return 'missing';
  const p = new LineIndex(text).position(node.start);
  return `${p.line + 1}:${p.character + 1}`;
}

describe('YAML parser: values', () => {
  it('reads block mappings, sequences and scalars with YAML 1.1 resolution', () => {
    const { value, problems } = read(
      dedent(`
      a: 1
      b: yes
      c: "2"
      d: ~
      e: 1.5
      f: 0o17
      g: 010
      h: 1e5
      list:
        - x
        - y: 1
          z: 2
      - not: here
    `).replace(/- not: here\n?/, ''),
    );
    expect(problems).toEqual([]);
    expect(value).toEqual({
      a: 1,
      b: true,
      c: '2',
      d: null,
      e: 1.5,
      f: '0o17',
      g: 8,
      h: '1e5',
      list: ['x', { y: 1, z: 2 }],
    });
  });

  it('turns every short-form intrinsic tag into its long form', () => {
    const tags = [
      'Ref',
      'GetAtt',
      'Sub',
      'If',
      'Join',
      'Select',
      'Split',
      'FindInMap',
      'Base64',
      'Cidr',
      'GetAZs',
      'ImportValue',
      'Equals',
      'And',
      'Or',
      'Not',
      'Condition',
      'Transform',
    ];
    const text = tags.map((t) => `${t}: !${t} x`).join('\n');
    const { value, problems } = read(text);
    expect(problems).toEqual([]);
    for (const t of tags) {
      const key = t === 'Ref' || t === 'Condition' ? t : `Fn::${t}`;
      expect((value as Record<string, unknown>)[t]).toEqual({ [key]: 'x' });
    }
  });

  it('reads tagged sequences and mappings, nested tags and empty tagged scalars', () => {
    const { value, problems } = read(
      dedent(`
      A: !Sub
        - '\${X}-y'
        - X: !Ref Z
      B: !If [Cond, !GetAtt Fn.Arn, !Ref AWS::NoValue]
      C: !Select [0, !GetAZs ]
    `),
    );
    expect(problems).toEqual([]);
    expect(value).toEqual({
      A: { 'Fn::Sub': ['${X}-y', { X: { Ref: 'Z' } }] },
      B: { 'Fn::If': ['Cond', { 'Fn::GetAtt': 'Fn.Arn' }, { Ref: 'AWS::NoValue' }] },
      C: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
    });
  });

  it('reads block scalars with chomping and indentation indicators', () => {
    const { value } = read(
      'a: |\n  one\n  two\n\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\nd: |2\n    indented\n',
    );
    expect(value).toEqual({ a: 'one\ntwo\n', b: 'folded text\npara', c: 'keep\n\n', d: '  indented\n' });
  });

  it('reads multi-line plain and quoted scalars with folding', () => {
    const { value } = read("a: one\n  two\n\n  three\nb: \"x\\ty \\\n  z\"\nc: 'it''s\n  here'\n");
    expect(value).toEqual({ a: 'one two\nthree', b: 'x\ty z', c: "it's here" });
  });

  it('accepts flow collections whose continuation lines are not indented (as PyYAML does)', () => {
    const { value, problems } = read(
      'Resources:\n  Fn:\n    Properties:\n      Layers: [\n!Ref A,\n  !Ref B\n]\n      Env: {a: 1,\nb: 2}\n',
    );
    expect(problems).toEqual([]);
    expect(value).toEqual({
      Resources: { Fn: { Properties: { Layers: [{ Ref: 'A' }, { Ref: 'B' }], Env: { a: 1, b: 2 } } } },
    });
  });

  it('shares anchored nodes through aliases and applies merge keys', () => {
    const { value, problems } = read('base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nref: *b\n');
    expect(problems).toEqual([]);
    expect(value).toEqual({ base: { x: 1, y: 2 }, other: { x: 1, y: 3 }, ref: { x: 1, y: 2 } });
  });

  it('handles CRLF line endings, a BOM, comments, document markers and indentless sequences', () => {
    const { value, problems } = read(
      '\uFEFF%YAML 1.1\n---\r\n# comment\r\nkey: value # trailing\r\nlist:\r\n- a\r\n- b\r\nnext: 1\r\n...\r\n',
    );
    expect(problems).toEqual([]);
    expect(value).toEqual({ key: 'value', list: ['a', 'b'], next: 1 });
  });
});

describe('YAML parser: positions', () => {
  it('keeps the offset of every key and value', () => {
    const text = dedent(`
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Timeout: !Ref T
            Layers:
              - arn:one
    `);
    const { root } = read(text);
    const props = get(get(get(root, 'Resources'), 'Fn'), 'Properties');
    expect(at(text, get(props, 'Timeout'))).toBe('5:21'); // the scalar; its tag starts at 5:16
    const timeout = get(props, 'Timeout')!;
    expect(text.slice(timeout.tag!.start, timeout.end)).toBe('!Ref T');
    const layers = get(props, 'Layers')!;
    expect(layers.kind).toBe('seq');
    expect(layers.kind === 'seq' && at(text, layers.items[0])).toBe('7:11');
  });
});

describe('YAML parser: errors', () => {
  it('reports a duplicate key at the duplicate, naming the first line, and keeps the last value', () => {
    const text = 'a: 1\nb: 2\na: 3\n';
    const { problems, value, lines } = read(text);
    expect(problems.map((p) => [p.message, lines.position(p.start).line + 1])).toEqual([
      ["duplicate key 'a' (first defined on line 1)", 3],
    ]);
    expect(value).toEqual({ a: 3, b: 2 });
  });

  it('reports a syntax error at its line and still reads the rest of the document', () => {
    const text = dedent(`
      Resources:
        A:
          Type: AWS::SQS::Queue
        B:
          Type: AWS::Lambda::Function
          Properties:
            Description: "unterminated
        C:
          Type: AWS::SNS::Topic
    `);
    const { problems, root, lines } = read(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(lines.position(problems[0].start).line + 1).toBe(7);
    const resources = get(root, 'Resources');
    expect(get(get(resources, 'A'), 'Type')).toBeDefined();
  });

  it('recovers after a badly indented line: one error, and the entries after it are read', () => {
    const text = "Resources:\n  A:\n    Type: 'X'\n      Bad: 1\n  B:\n    Type: Y\n";
    const { problems, value, lines } = read(text);
    expect(problems).toHaveLength(1);
    expect(lines.position(problems[0].start).line + 1).toBe(4);
    expect(value).toEqual({ Resources: { A: { Type: 'X' }, B: { Type: 'Y' } } });
  });

  it('reports mapping values where they are not allowed', () => {
    const { problems } = read('a: b: c\n');
    expect(problems[0].message).toMatch(/mapping values are not allowed/);
  });

  it('rejects an intrinsic function as a key (as PyYAML does) but accepts the non-specific tag', () => {
    const bad = read('a: [ !ImportValue Fn::Sub: x ]\n');
    expect(bad.problems.map((p) => p.message)).toEqual([
      'a mapping key cannot be an intrinsic function (!ImportValue)',
    ]);
    expect(read('a: [ ! "Ref": b ]\n').problems).toEqual([]);
  });

  it('reports an undefined alias', () => {
    expect(read('a: *nope\n').problems[0].message).toMatch(/undefined alias 'nope'/);
  });

  it('stops at the nesting limit with a clear message instead of overflowing the stack', () => {
    const deep = '['.repeat(100_000);
    const result = parseYaml(deep, DEFAULT_YAML_LIMITS);
    expect(result.problems[0].message).toMatch(/nesting deeper than 200 levels/);
    const block = Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(parseYaml(block).problems.some((p) => /nesting deeper than/.test(p.message))).toBe(true);
  });

  it('stops at the alias limit', () => {
    const bomb = [
      'a: &a [x, x]',
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(100)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const result = parseYaml(bomb, { ...DEFAULT_YAML_LIMITS, maxAliasExpansion: 1e15 });
    expect(result.problems.some((p) => /more than 1000 aliases/.test(p.message))).toBe(true);
  });

  it('bounds what a billion-laughs document expands to, and reads the over-limit alias as empty', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    const text = levels.join('\n') + '\n';
    const result = parseYaml(text);
    const problem = result.problems.find((p) => /aliases expand to more than 100000 nodes/.test(p.message));
    expect(problem).toBeDefined();
    expect(JSON.stringify(toJS(result.root)).length).toBeLessThan(5_000_000);
  });

  it('reports a second document', () => {
    expect(read('a: 1\n---\nb: 2\n').problems[0].message).toMatch(/single document/);
  });
});

describe('LineIndex', () => {
  it('gives the same position for any order of look-ups (it starts from the last line it found)', () => {
    const text = 'a: 1\n\nbb: 2\r\n  c: 3\nlast';
    const naive = (offset: number) => {
      const before = text.slice(0, offset);
      const line = before.split('\n').length - 1;
      return { line, character: offset - (before.lastIndexOf('\n') + 1) };
    };
    const lines = new LineIndex(text);
    // Forwards, backwards, and jumping about (a seeded shuffle), including the end of the text.
    const offsets = [...Array(text.length + 1).keys()];
    let seed = 7;
    const shuffled = [...offsets].sort(() => ((seed = (seed * 16807) % 2147483647) % 3) - 1);
    for (const offset of [...offsets, ...[...offsets].reverse(), ...shuffled])
      expect(lines.position(offset)).toEqual(naive(offset));
  });
});
