/**
 * Checking the incremental re-parse (formats/cloudformation/incremental.ts) against a full parse, shared by
 * test/parse/incremental.test.ts and test/corpus/parse-incremental.test.ts.
 */
import { expect } from 'vitest';
import type { Node } from '../../src/core/parse/ast';
import { reparseTemplate } from '../../src/core/formats/cloudformation/incremental';
import { parseTemplate } from '../../src/core/formats/cloudformation/template';

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

/** Re-parses `next` from a parse of `text` and checks it against a full parse of `next`. */
export function checkReparse(text: string, next: string): { incremental: boolean } {
  const before = parseTemplate(text, 't.yaml');
  const full = parseTemplate(next, 't.yaml');
  const hadRoot = before.root !== null;
  const incremental = reparseTemplate(before, next);
  const got = dump(incremental.root);
  const want = dump(full.root);
  if (got.join('\n') !== want.join('\n')) expect(got).toEqual(want); // (the diff only when they differ)
  expect(incremental.problems).toEqual(full.problems);
  expect(incremental.text).toBe(next);
  expect(incremental.lines.position(next.length)).toEqual(full.lines.position(next.length));
  return { incremental: hadRoot && incremental.root === before.root };
}

/** `count` seeded random edits of `text`, each checked; returns how many took the incremental path. */
export function reparseRandomEdits(text: string, seed: number, count: number): number {
  const next = random(seed);
  let reused = 0;
  for (let i = 0; i < count; i++) {
    const at = Math.floor(next() * text.length);
    const removed = Math.floor(next() * 3);
    const insert = EDITS[Math.floor(next() * EDITS.length)];
    const edited = text.slice(0, at) + insert + text.slice(at + removed);
    if (checkReparse(text, edited).incremental) reused++;
  }
  return reused;
}
