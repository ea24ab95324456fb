import { describe, expect, it } from 'vitest';
import { get } from '../../src/core/parse/ast';
import { DEFAULT_LIMITS, isTemplate, parseTemplate } from '../../src/core/formats/cloudformation/template';
import { toJS } from '../../src/core/parse/to-js';

describe('template parsing', () => {
  it('reads JSON templates with positions, and reports duplicate keys and syntax errors at their line', () => {
    const text =
      '{\n  "Resources": {\n    "A": { "Type": "AWS::SQS::Queue" },\n    "A": { "Type": "AWS::SNS::Topic" }\n  }\n}\n';
    const doc = parseTemplate(text, 't.json');
    expect(doc.syntax).toBe('json');
    expect(doc.problems.map((p) => [p.message, doc.lines.position(p.start).line + 1])).toEqual([
      ["duplicate key 'A' (first defined on line 3)", 4],
    ]);
    expect(toJS(doc.root)).toEqual({ Resources: { A: { Type: 'AWS::SNS::Topic' } } });
    const broken = parseTemplate(
      '{\n  "Resources": {\n    "A": { "Type": "AWS::SQS::Queue" }\n    "B": 1\n  }\n}',
      't.json',
    );
    expect(broken.problems[0].message).toBe('comma expected');
    expect(broken.lines.position(broken.problems[0].start).line + 1).toBe(4);
    expect(get(get(broken.root, 'Resources'), 'A')).toBeDefined();
  });

  it('limits nesting depth in JSON', () => {
    const doc = parseTemplate('['.repeat(50_000) + ']'.repeat(50_000), 'deep.json');
    expect(doc.problems.some((p) => /nest/.test(p.message))).toBe(true);
  });

  it('refuses files over the size limit with one problem on the first line', () => {
    const doc = parseTemplate('a: 1\n' + 'b'.repeat(100), 'big.yaml', { ...DEFAULT_LIMITS, maxFileSize: 50 });
    expect(doc.root).toBeNull();
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0].message).toMatch(/over the 0\.0 MB limit \(maxFileSize\)/);
    expect(doc.lines.position(doc.problems[0].start).line).toBe(0);
  });

  it('tells templates from other YAML and detects SAM', () => {
    const sam = parseTemplate('Transform: [AWS::Serverless-2016-10-31]\nResources: {}\n', 't.yaml');
    expect(sam.format).toBe('sam');
    expect(isTemplate(sam.root)).toBe(true);
    expect(isTemplate(parseTemplate('AWSTemplateFormatVersion: "2010-09-09"\n', 't.yaml').root)).toBe(true);
    expect(isTemplate(parseTemplate('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n', 't.yaml').root)).toBe(
      true,
    );
    expect(
      isTemplate(parseTemplate('on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n', 'ci.yml').root),
    ).toBe(false);
    expect(isTemplate(parseTemplate('Resources:\n  X:\n    Type: Custom::Thing\n', 't.yaml').root)).toBe(
      false,
    );
  });
});
