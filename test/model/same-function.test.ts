/**
 * sameFunction's completeness is the compiler's business: every field of the records it compares has
 * a check in a `FieldChecks` table, and a table that leaves a field out does not compile (the
 * `@ts-expect-error` lines fail `npm run typecheck` the day that stops being true).
 */
import { describe, expect, it } from 'vitest';
import type { FieldChecks } from '../../src/core/formats/cloudformation/same-function';
import { sameFunction } from '../../src/core/formats/cloudformation/same-function';
import { buildModel } from '../../src/core/formats/cloudformation/build';
import { parseTemplate } from '../../src/core/formats/cloudformation/template';

interface Pair {
  a: number;
  b?: string;
}

describe('sameFunction', () => {
  it('needs a check for every field, optional ones included (a type error otherwise)', () => {
    const complete: FieldChecks<Pair> = { a: (x, y) => x.a === y.a, b: (x, y) => x.b === y.b };
    // @ts-expect-error the check of the optional field `b` is missing
    const missing: FieldChecks<Pair> = { a: (x, y) => x.a === y.a };
    // @ts-expect-error a check of a field the record does not have
    const extra: FieldChecks<Pair> = { a: () => true, b: () => true, c: () => true };
    expect(Object.keys(complete)).toEqual(['a', 'b']);
    expect([missing, extra]).toHaveLength(2);
  });

  it('tells apart two builds that differ and not two that do not', () => {
    const text = (timeout: number) =>
      `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: ${timeout}\n`;
    const one = buildModel(parseTemplate(text(3), 't.yaml')).functions[0];
    const other = buildModel(parseTemplate(text(4), 't.yaml')).functions[0];
    expect(sameFunction(one, one)).toBe(true);
    expect(sameFunction(one, other)).toBe(false);
    expect(sameFunction(one, { ...one, behindRestApi: !one.behindRestApi })).toBe(false);
    expect(sameFunction(one, { ...one, urls: [...one.urls, one.resource] })).toBe(false);
  });
});
