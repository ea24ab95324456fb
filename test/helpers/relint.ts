/**
 * Checking the incremental re-lint (engine.ts `relint`) against a fresh lint, shared by
 * test/engine-incremental.test.ts and test/corpus/engine-incremental.test.ts.
 */
import { expect } from 'vitest';
import { type LintResult, lintCounts, lintDocument, lintText } from '../../src/core/engine';
import { resolveConfig } from '../../src/core/config/config';
import { reparseTemplate } from '../../src/core/formats/cloudformation/incremental';
import type { Finding } from '../../src/core/rules/types';

export const config = resolveConfig({});

/** A seeded generator, so failures reproduce. */
export function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/** Findings as the CLI's JSON shows them (plus the fields the editor reads). */
export function plain(findings: Finding[]): unknown {
  return JSON.parse(JSON.stringify(findings));
}

/** How many of the re-lints below took the incremental path (the rest re-parsed everything). */
export const relints = { incremental: 0 };

/** Re-lints `next` from `previous` as the editor does, and checks it against a fresh lint. */
export function relintAndCompare(previous: LintResult, next: string, path: string): LintResult {
  const counted = lintCounts.incremental;
  const incremental = lintDocument(reparseTemplate(previous.model!.doc, next, config.limits), config);
  const fresh = lintText(next, path, config);
  expect(plain(incremental.findings)).toEqual(plain(fresh.findings));
  expect(incremental.doc.problems).toEqual(fresh.doc.problems);
  relints.incremental += lintCounts.incremental - counted;
  return incremental;
}

export const EDITS = ['9', ' ', '\n', 'x', '', ': ', '\n      Description: added\n', "'", '#', '0', '\n\n'];

/**
 * 80 seeded random edits of a template, each re-linted from the last result and compared with a fresh
 * lint: chained while the text parses (and now and then anyway), else back to the original, as after
 * an undo.
 */
export function relintRandomEdits(path: string, original: string, seed: number): void {
  const next = random(seed);
  let text = original;
  let result = lintText(text, path, config);
  for (let i = 0; i < 80; i++) {
    const at = Math.floor(next() * text.length);
    const removed = Math.floor(next() * 3);
    const insert = EDITS[Math.floor(next() * EDITS.length)];
    const back = result.doc.problems.length > 0 && next() < 0.7;
    text = back || next() < 0.1 ? original : text.slice(0, at) + insert + text.slice(at + removed);
    result = relintAndCompare(result, text, path);
  }
}
