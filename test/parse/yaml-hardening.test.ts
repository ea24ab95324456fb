/**
 * The YAML mistakes real templates make that the parser used to read silently or report in the
 * wrong place (issue 16, item 8). Each case is what a person writes; the suite's own cases are in
 * yaml-suite.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/parse/ast';
import { toJS } from '../../src/core/parse/to-js';
import { parseYaml } from '../../src/core/parse/yaml/parser';

function read(text: string) {
  const result = parseYaml(text);
  const lines = new LineIndex(text);
  return {
    value: toJS(result.root),
    root: result.root,
    /** Each problem as `line:column message` (1-based, as editors show it). */
    problems: result.problems.map((p) => {
      const at = lines.position(p.start);
      return `${at.line + 1}:${at.character + 1} ${p.message}`;
    }),
  };
}

describe('YAML parser: mistakes are located problems', () => {
  it('reports a tab used as indentation', () => {
    const { problems } = read('Resources:\n\tFn:\n\t\tType: AWS::Lambda::Function\n');
    expect(problems).toEqual(['2:1 a tab character in indentation: YAML indents with spaces only']);
    // After enough spaces, a tab before a scalar separates (YAML allows it; PyYAML does not).
    expect(read('a:\n \tb\n').problems).toEqual([]);
    expect(read('- \t- x\n').problems).toEqual([
      '1:3 a tab character in indentation: YAML indents with spaces only',
    ]);
  });

  it('reports an empty entry in a flow collection instead of reading a null', () => {
    expect(read('a: [!Ref A,, !Ref B]\n').problems).toEqual([
      '1:12 an empty entry in a flow collection (two commas in a row)',
    ]);
    expect(read('a: [, b]\n').problems).toEqual(['1:5 an empty entry in a flow collection (a comma first)']);
    expect(read('a: {x: 1,, y: 2}\n').problems).toEqual([
      '1:10 an empty entry in a flow collection (two commas in a row)',
    ]);
  });

  it("reports a blank first line deeper than a block scalar's content", () => {
    expect(read('a: |\n    \n  x\n').problems[0]).toMatch(/^2:/);
    expect(read('a: >\n \n  \n   \n x\n').problems[0]).toMatch(/^4:/);
  });

  it('reports characters a tag cannot hold', () => {
    expect(read('a: !Get!Att Fn.Arn\n').problems[0]).toMatch(/^1:4 .*tag/);
    expect(read('- !!str, xxx\n').problems[0]).toMatch(/^1:3 .*tag/);
    expect(read('!invalid{}tag scalar\n').problems[0]).toMatch(/^1:1 .*tag/);
  });

  it('keeps the rest of a mapping whose first key has an anchor or a tag', () => {
    const { value, problems, root } = read('- &e name: A\n  value: b\n- !!str n: B\n  v: c\n');
    expect(problems).toEqual([]);
    expect(value).toEqual([
      { name: 'A', value: 'b' },
      { n: 'B', v: 'c' },
    ]);
    // On the key's line the anchor is the key's (YAML and PyYAML agree).
    expect(root?.kind === 'seq' && root.items[0].kind === 'map' && root.items[0].pairs[0].key.anchor).toBe(
      'e',
    );
    expect(read('&a a: b\nc: &d d\n').value).toEqual({ a: 'b', c: 'd' });
  });

  it('reads an anchor on an empty value', () => {
    const { value, problems, root } = read('a: &x\nb: *x\nc: !!str\n');
    expect(problems).toEqual([]);
    expect(value).toEqual({ a: null, b: null, c: '' });
    expect(root?.kind === 'map' && root.pairs[0].value.anchor).toBe('x');
  });

  it('reports an unterminated quoted string where it was opened', () => {
    const text = ['A: "abc', ...Array.from({ length: 24 }, (_, i) => `k${i}: v`), ''].join('\n');
    expect(read(text).problems).toEqual(['1:4 unterminated double-quoted string']);
    // Closed by the next line's opening quote, what follows is an error: it names the opening.
    const { problems } = read('A: "abc\nB: "def"\nC: x\n');
    expect(problems[0]).toMatch(/^1:4 this quoted string runs on to line 2/);
  });

  it('reads numbers as PyYAML does', () => {
    // YAML 1.1 floats need a dot and octal is 0-prefixed: both of these are strings in PyYAML.
    expect(read('a: 1e309\nb: 0o777777\nc: 1.0e+309\nd: 0777\n').value).toEqual({
      a: '1e309',
      b: '0o777777',
      c: Infinity,
      d: 511,
    });
  });
});
