/** The HCL parse: blocks, attributes, labels and positions, string escapes, and syntax errors as located problems. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initHclParser, parseHcl } from '../../../src/core/formats/terraform/hcl-parser';
import { inner } from '../../../src/core/formats/terraform/hcl-syntax';
import { stringLiteral } from '../../../src/core/formats/terraform/hcl-strings';

beforeAll(() => initHclParser());

describe('parseHcl', () => {
  it('reads blocks with labels and attributes with their offsets', () => {
    const text =
      'resource "aws_lambda_function" "worker" {\n  memory_size = 512\n  vpc_config {\n    subnet_ids = ["a"]\n  }\n}\n';
    const file = parseHcl(text, 'main.tf');
    expect(file.problems).toEqual([]);
    const [block] = file.body.blocks;
    expect([block.type, block.labels]).toEqual(['resource', ['aws_lambda_function', 'worker']]);
    const memory = block.body.byName.get('memory_size')!;
    expect(text.slice(memory.start, memory.end)).toBe('memory_size = 512');
    expect(block.body.blocks[0].type).toBe('vpc_config');
    expect(text[block.open]).toBe('{');
    expect(text[block.close]).toBe('}');
  });

  it('unescapes quoted strings and template escapes, in UTF-16 offsets', () => {
    const text = 'a = "é😀"\nb = "x\\"y\\n$${z}\\u00e9"\n';
    const file = parseHcl(text, 'main.tf');
    const b = file.body.byName.get('b')!;
    expect(b.start).toBe(text.indexOf('b ='));
    const lit = inner(b.expr)!;
    expect(stringLiteral(lit.children[0], (s, e) => text.slice(s, e))).toBe('x"y\n${z}é');
  });

  it('a syntax error is a located problem; the rest of the file is read', () => {
    const text = 'resource "a" "b" {\n  x = \n  y = 2\n}\nresource "c" "d" {\n  z = 3\n}\n';
    const file = parseHcl(text, 'main.tf');
    expect(file.problems.length).toBeGreaterThan(0);
    expect(file.body.blocks.map((b) => b.labels[1])).toEqual(['b', 'd']);
    expect(file.body.blocks[0].error).toBe(true);
    expect(file.body.blocks[1].error).toBe(false);
  });
});
