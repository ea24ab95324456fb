/**
 * The incremental re-lint on real templates of the shared corpus: seeded random edits, each re-lint
 * the same as a fresh lint of the new text (as test/engine-incremental.test.ts does on its own
 * templates).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../helpers/corpus';
import { relintRandomEdits, relints } from '../helpers/relint';

describe('incremental re-lint on corpus templates', () => {
  it('equals a fresh lint across seeded random edits of templates with Globals and linked resources', () => {
    const templates = [
      'serverless-patterns/lambda-esm-sqs-filters-sam/template.yaml',
      'serverless-patterns/apigw-rest-api-lambda-node/template.yaml',
      'serverless-patterns/sqs-lambda-lmi-esm-provisioned-sam/template.yaml',
      'serverless-patterns/eventbridge-schedule-to-lambda-dlq-sam-python/template.yaml',
      'serverless-patterns/apigw-lambda-dynamodb/template.yaml',
    ];
    for (const [index, rel] of templates.entries()) {
      const path = join(CORPUS, rel);
      relintRandomEdits(path, readFileSync(path, 'utf8'), 101 + index);
    }
    // Random edits often break the text or land outside Resources, where the re-parse is a full one
    // (50 of the 400 took the incremental path at the last count).
    expect(relints.incremental).toBeGreaterThan(40);
  });
});
