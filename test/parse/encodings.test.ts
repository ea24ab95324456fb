/**
 * Encodings and line endings (issue 16, item 7): a BOM, UTF-16, CR-only line endings, invalid UTF-8
 * and empty files are read as what they are, never as a false parse error or a silent U+FFFD.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { get } from '../../src/core/parse/ast';
import { toJS } from '../../src/core/parse/to-js';
import { isTemplate, parseTemplate } from '../../src/core/formats/cloudformation/template';
import { readTextFile } from '../../src/core/read-file';
import { analyzeFile, resolveConfig } from '../../src/core';

const dir = mkdtempSync(join(tmpdir(), 'ownless-encodings-'));
const template = 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n';

describe('encodings', () => {
  it('reads a JSON template with a UTF-8 BOM without a parse error', () => {
    const doc = parseTemplate('\uFEFF{"Resources": {"Fn": {"Type": "AWS::Lambda::Function"}}}', 't.json');
    expect(doc.problems).toEqual([]);
    expect(isTemplate(doc.root)).toBe(true);
  });

  it('decodes UTF-16 with a BOM, little- and big-endian', () => {
    const le = join(dir, 'le.yaml');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(template, 'utf16le')]));
    const be = join(dir, 'be.yaml');
    writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(template, 'utf16le').swap16()]));
    for (const path of [le, be]) {
      const read = readTextFile(path, 1024);
      expect(read).toEqual({ text: template });
      expect(isTemplate(parseTemplate(template, path).root)).toBe(true);
    }
  });

  it('reads CR-only line endings without a parse error, with ranges on the right lines', () => {
    for (const path of ['t.yaml', 't.json']) {
      const text =
        path === 't.yaml'
          ? template.replace(/\n/g, '\r')
          : '{\r  "Resources": {\r    "Fn": { "Type": "AWS::Lambda::Function" }\r  }\r}\r';
      const doc = parseTemplate(text, path);
      expect(doc.problems).toEqual([]);
      expect(doc.text).toBe(text);
      const type = get(get(get(doc.root, 'Resources'), 'Fn'), 'Type')!;
      expect(doc.lines.position(type.start).line).toBe(2);
    }
    expect(toJS(parseTemplate('a: |\r  x\r  y\r', 't.yaml').root)).toEqual({ a: 'x\ny\n' });
  });

  it('reports invalid UTF-8 as a located problem', () => {
    const path = join(dir, 'latin1.yaml');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from(template), Buffer.from('Description: caf\xe9\n', 'latin1')]),
    );
    // The bytes decide (a U+FFFD written as UTF-8 is a character like any other): the front door
    // reads the file and says where it stops being UTF-8, once.
    const analysis = analyzeFile({ path }, { config: resolveConfig({}) });
    if (analysis.kind !== 'template') throw new Error(analysis.kind);
    const { doc } = analysis.result;
    expect(doc.problems.map((p) => [doc.lines.position(p.start), p.message])).toEqual([
      [{ line: 3, character: 16 }, expect.stringMatching(/not valid UTF-8/)],
    ]);
  });

  it('reads an empty .json and an empty .yaml alike: no problem, no template', () => {
    for (const path of ['t.json', 't.yaml'])
      for (const text of ['', '\n', '  \n']) {
        const doc = parseTemplate(text, path);
        expect(doc.problems).toEqual([]);
        expect(isTemplate(doc.root)).toBe(false);
      }
  });
});
