import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIG_SAM } from '../helpers/big-sam';
import { checkReparse, reparseRandomEdits } from '../helpers/reparse';

const ROOT = join(__dirname, '../..');

describe('incremental re-parse', () => {
  it('gives exactly what a full parse gives, for seeded random edits inside and outside resources', () => {
    // The same on real templates: test/corpus/parse-incremental.test.ts. Sized by work, not by time:
    // each check parses its text twice and compares every node, so big-sam's first 150 functions
    // (every resource shape it generates, 1/13 of its size) take 60 edits in a second where the whole
    // of it took 20 s here and 100 s on a loaded machine.
    const bigSamExcerpt = BIG_SAM.slice(0, BIG_SAM.indexOf('\n  Fn0151:') + 1);
    const templates: [string, number][] = [
      [bigSamExcerpt, 60],
      [readFileSync(join(ROOT, 'examples/orders-app/template.yaml'), 'utf8'), 120],
      [readFileSync(join(ROOT, 'test/e2e/workspace/template.yaml'), 'utf8'), 120],
    ];
    let reused = 0;
    let total = 0;
    for (const [t, [text, count]] of templates.entries()) {
      reused += reparseRandomEdits(text, 17 + t, count);
      total += count;
    }
    // Most random edits land inside some resource: the incremental path must really be taken.
    expect(reused).toBeGreaterThan(total / 4);
  });

  it('re-parses only the edited resource of big-sam for a one-line Timeout change', () => {
    const text = BIG_SAM;
    const at = text.indexOf('Timeout:', text.indexOf('Fn1000:'));
    const lineEnd = text.indexOf('\n', at);
    const edited = text.slice(0, at) + 'Timeout: 12' + text.slice(lineEnd);
    expect(checkReparse(text, edited).incremental).toBe(true);
  });

  it('falls back to a full parse for JSON, aliases, parse problems and edits outside Resources', () => {
    const yaml = 'Resources:\n  A:\n    Type: AWS::SQS::Queue\n  B:\n    Type: AWS::SNS::Topic\n';
    checkReparse(yaml, yaml.replace('Resources:', 'Resources: \n'));
    checkReparse('x: &a 1\n' + yaml, 'x: &a 2\n' + yaml);
    checkReparse(yaml, yaml.replace('AWS::SQS::Queue', 'AWS::SQS::Queue: bad: x'));
    const json = '{"Resources": {"A": {"Type": "AWS::SQS::Queue"}, "B": {"Type": "X"}}}';
    checkReparse(json, json.replace('Queue', 'Queues'));
  });
});
