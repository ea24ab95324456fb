/**
 * Fixes land where their ranges say, whatever the file's line breaks: a lone CR breaks a line for the
 * parser, the line index and the editor alike (LSP counts `\n`, `\r\n` and `\r`), so the position of
 * an inserted pair means the same line to all three; and a pair inserted into a block mapping whose
 * first key carries an anchor (`&a Timeout: …`) takes the mapping's indentation, not the key's column.
 * An empty explicit key (`?`) gives no indentation to follow: nothing is inserted there.
 * All were found by a long fuzz run (OWNLESS_FUZZ_MUTANTS=20000 npx vitest run test/fuzz.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/config/config';
import { lintText } from '../../src/core/engine';
import { applyFixes } from '../../src/core/fix/apply';
import { LineIndex } from '../../src/core/parse/ast';

const config = resolveConfig({});

function fixedProblems(text: string): { text: string; problems: string[] } {
  const first = lintText(text, 'template.yaml', config);
  expect(first.doc.problems).toEqual([]);
  const fixed = applyFixes(text, first.findings);
  expect(fixed.applied).toBeGreaterThan(0);
  return {
    text: fixed.text,
    problems: lintText(fixed.text, 'template.yaml', config).doc.problems.map((p) => p.message),
  };
}

describe('fixes and line breaks', () => {
  it('counts a lone CR as a line break in every line index, as LSP does', () => {
    const lines = new LineIndex('a\rb\r\nc\nd');
    expect([1, 2, 5, 7].map((o) => lines.position(o))).toEqual([
      { line: 0, character: 1 },
      { line: 1, character: 0 },
      { line: 2, character: 0 },
      { line: 3, character: 0 },
    ]);
    // An edit that turns a lone CR into a CRLF joins two lines into one break.
    const edited = lines.edited('a\r\nb\r\nc\nd', 2, 2, 3);
    expect(edited.position(3)).toEqual({ line: 1, character: 0 });
  });

  it('inserts a missing limit on the right line of a file with a lone CR above it', () => {
    const text =
      'Parameters:\n  \rT:\n    Type: Number\n    Default: 5\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: !Ref T\n  Url:\n    Type: AWS::Lambda::Url\n    Properties: {TargetFunctionArn: !Ref Fn, AuthType: AWS_IAM}\n';
    const { text: fixed, problems } = fixedProblems(text);
    expect(problems).toEqual([]);
    expect(fixed).toContain('      Timeout: !Ref T\n      MemorySize: 128\n  Url:\n');
  });

  it("inserts at the mapping's indentation when its first key carries an anchor", () => {
    const text =
      'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      &a Timeout: 10\n  Other:\n    Type: AWS::SQS::Queue\n';
    const { text: fixed, problems } = fixedProblems(text);
    expect(problems).toEqual([]);
    expect(fixed).toContain('      &a Timeout: 10\n      MemorySize: 128\n');
  });

  it('offers no insert into a mapping whose only entry is an empty explicit key (it would not parse)', () => {
    const text = 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      ?';
    const first = lintText(text, 'template.yaml', config);
    expect(first.doc.problems).toEqual([]);
    const fixed = applyFixes(text, first.findings);
    expect(lintText(fixed.text, 'template.yaml', config).doc.problems).toEqual([]);
  });
});
