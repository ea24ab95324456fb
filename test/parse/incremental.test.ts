import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/core/parse/ast';
import { reparseTemplate } from '../../src/core/formats/cloudformation/incremental';
import { parseTemplate } from '../../src/core/formats/cloudformation/template';
import { CORPUS } from '../helpers/corpus';

/** Every node with its offsets, in document order: two parses are the same when their dumps are. */
function dump(node: Node | null, out: string[] = []): string[] {
  if (!node) return out;
  const tag = node.tag ? `${node.tag.name}@${node.tag.start}-${node.tag.end}` : '';
  out.push(
    `${node.kind}@${node.start}-${node.end}${tag}${node.kind === 'scalar' ? `=${JSON.stringify(node.value)}` : ''}`,
  );
  if (node.kind === 'map') for (const p of node.pairs) dump(p.value, dump(p.key, out));
  else if (node.kind === 'seq') for (const item of node.items) dump(item, out);
  return out;
}

/** A seeded generator, so failures reproduce. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

const EDITS = ['9', ' ', '\n', 'x', '', ': ', '\n      Description: added\n', "'", '#'];

function check(text: string, next: string): { incremental: boolean } {
  const before = parseTemplate(text, 't.yaml');
  const full = parseTemplate(next, 't.yaml');
  const lines = before.root ? dump(before.root).length : 0;
  const incremental = reparseTemplate(before, next);
  expect(dump(incremental.root)).toEqual(dump(full.root));
  expect(incremental.problems).toEqual(full.problems);
  expect(incremental.text).toBe(next);
  expect(incremental.lines.position(next.length)).toEqual(full.lines.position(next.length));
  return { incremental: lines > 0 && incremental.root === before.root };
}

describe('incremental re-parse', () => {
  const templates = [
    join(CORPUS, 'stress/big-sam.yaml'),
    join(CORPUS, 'serverless-patterns/apigw-lambda-dynamodb/template.yaml'),
    join(CORPUS, 'serverless-patterns/sqs-lambda-dynamodb/template.yaml'),
  ].filter((p) => {
    try {
      readFileSync(p);
      return true;
    } catch {
      return false;
    }
  });

  it('gives exactly what a full parse gives, for seeded random edits inside and outside resources', () => {
    expect(templates.length).toBeGreaterThan(1);
    let reused = 0;
    let total = 0;
    for (const [t, path] of templates.entries()) {
      const text = readFileSync(path, 'utf8');
      const next = random(17 + t);
      for (let i = 0; i < (path.includes('big-sam') ? 60 : 120); i++) {
        const at = Math.floor(next() * text.length);
        const removed = Math.floor(next() * 3);
        const insert = EDITS[Math.floor(next() * EDITS.length)];
        const edited = text.slice(0, at) + insert + text.slice(at + removed);
        if (check(text, edited).incremental) reused++;
        total++;
      }
    }
    // Most random edits land inside some resource: the incremental path must really be taken.
    expect(reused).toBeGreaterThan(total / 4);
  });

  it('re-parses only the edited resource of big-sam for a one-line Timeout change', () => {
    const text = readFileSync(join(CORPUS, 'stress/big-sam.yaml'), 'utf8');
    const at = text.indexOf('Timeout:', text.indexOf('Fn1000:'));
    const lineEnd = text.indexOf('\n', at);
    const edited = text.slice(0, at) + 'Timeout: 12' + text.slice(lineEnd);
    expect(check(text, edited).incremental).toBe(true);
  });

  it('falls back to a full parse for JSON, aliases, parse problems and edits outside Resources', () => {
    const yaml = 'Resources:\n  A:\n    Type: AWS::SQS::Queue\n  B:\n    Type: AWS::SNS::Topic\n';
    check(yaml, yaml.replace('Resources:', 'Resources: \n'));
    check('x: &a 1\n' + yaml, 'x: &a 2\n' + yaml);
    check(yaml, yaml.replace('AWS::SQS::Queue', 'AWS::SQS::Queue: bad: x'));
    const json = '{"Resources": {"A": {"Type": "AWS::SQS::Queue"}, "B": {"Type": "X"}}}';
    check(json, json.replace('Queue', 'Queues'));
  });
});
