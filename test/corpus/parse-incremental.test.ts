/**
 * The incremental re-parse on real templates of the shared corpus: seeded random edits, each re-parse
 * the same as a full parse (as test/parse/incremental.test.ts does on big-sam and the repository's own
 * templates).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../helpers/corpus';
import { reparseRandomEdits } from '../helpers/reparse';

describe('incremental re-parse on corpus templates', () => {
  it('gives exactly what a full parse gives, for seeded random edits inside and outside resources', () => {
    const templates = [
      'serverless-patterns/apigw-lambda-dynamodb/template.yaml',
      'serverless-patterns/sqs-lambda-dynamodb-sam-java/template.yml',
    ];
    let reused = 0;
    let total = 0;
    for (const [t, rel] of templates.entries()) {
      reused += reparseRandomEdits(readFileSync(join(CORPUS, rel), 'utf8'), 18 + t, 120);
      total += 120;
    }
    // The incremental path must really be taken, though less often than in big-sam: much of a small
    // real template is outside Resources (its description, outputs), where the re-parse is a full one.
    expect(reused).toBeGreaterThan(total / 6);
  });
});
