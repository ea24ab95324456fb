import { describe, expect, it } from 'vitest';
import { sortFindings } from '../src/core/findings';
import type { Finding } from '../src/core/rules/types';

const at = (line: number, character: number, ruleId: string, message: string): Finding =>
  ({
    ruleId,
    message,
    range: { start: { line, character }, end: { line, character } },
  }) as Finding;

describe('sortFindings', () => {
  it('orders by line, character, then rule id, and keeps the given order otherwise', () => {
    const findings = [
      at(3, 0, 'b/rule', 'first b at 3:0'),
      at(1, 9, 'a/rule', 'a at 1:9'),
      at(3, 0, 'a/rule', 'a at 3:0'),
      at(1, 2, 'z/rule', 'z at 1:2'),
      at(3, 0, 'b/rule', 'second b at 3:0'),
      at(70_000, 6_000_000, 'a/rule', 'far'),
      at(0, 0, 'a/rule', 'origin'),
    ];
    expect(sortFindings(findings).map((f) => f.message)).toEqual([
      'origin',
      'z at 1:2',
      'a at 1:9',
      'a at 3:0',
      'first b at 3:0',
      'second b at 3:0',
      'far',
    ]);
    expect(sortFindings([])).toEqual([]);
  });

  it('sorts lines too long for the packed key by comparison, in the same order', () => {
    const findings = [
      at(2, 9_000_000, 'b/rule', 'late on line 2'),
      at(2, 9_000_000, 'a/rule', 'a late on line 2'),
      at(1, 5, 'a/rule', 'line 1'),
      at(2, 3, 'a/rule', 'early on line 2'),
    ];
    expect(sortFindings(findings).map((f) => f.message)).toEqual([
      'line 1',
      'early on line 2',
      'a late on line 2',
      'late on line 2',
    ]);
  });

  it('sorts as a comparison of the positions would, on many findings', () => {
    let seed = 11;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const findings = Array.from({ length: 3000 }, (_, i) =>
      at(random(200), random(40), `r/${random(4)}`, String(i)),
    );
    const expected = [...findings].sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character ||
        (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
    );
    expect(sortFindings(findings)).toEqual(expected);
  });
});
