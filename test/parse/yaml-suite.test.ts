/**
 * The official YAML test suite (test/fixtures/yaml-test-suite/cases.json, packed from
 * yaml/yaml-test-suite by pack.mjs there): every valid single-document case is read without a problem
 * and to the suite's event stream (structure, scalar values and styles, anchors, tags); every invalid
 * case gets a problem. The cases we fail are listed in yaml-suite-expected.ts, each a design choice
 * or a bug with its reason: a case that starts passing fails here until it leaves the list.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/core/parse/yaml/parser';
import { EXPECTED_FAILURES } from './yaml-suite-expected';
import { eventsOf, expectedDocuments, tagHandles } from './yaml-suite-events';

interface SuiteCase {
  id: string;
  name: string;
  yaml: string;
  events: string;
  error: boolean;
}

/** The counts the list implies, valid single-document cases and invalid ones (240/289 and 62/94 before issue 16). */
const SUITE_COUNTS = { valid: '261/289', invalid: '81/94' };

const cases: SuiteCase[] = JSON.parse(
  readFileSync(resolve(__dirname, '../fixtures/yaml-test-suite/cases.json'), 'utf8'),
);

/** What a case asks of us, or null for a valid stream of several documents (a template is one). */
function verdict(c: SuiteCase): { pass: boolean; detail: string } | null {
  const { root, problems } = parseYaml(c.yaml);
  const messages = problems.map((p) => p.message).join('; ');
  if (c.error) return { pass: problems.length > 0, detail: 'accepted' };
  const documents = expectedDocuments(c.events);
  if (documents.length > 1) return null;
  // A stream with no document at all (only comments) reads as an empty scalar.
  const want = documents[0] ?? ['=VAL :'];
  const got = root ? eventsOf(root, tagHandles(c.yaml)) : [];
  if (problems.length) return { pass: false, detail: messages };
  return { pass: got.join('\n') === want.join('\n'), detail: `events:\n${got.join('\n')}` };
}

const results = cases.map((c) => ({ c, verdict: verdict(c) }));

describe('YAML test suite', () => {
  it('lists only cases that exist', () => {
    const ids = new Set(cases.map((c) => c.id));
    expect(Object.keys(EXPECTED_FAILURES).filter((id) => !ids.has(id))).toEqual([]);
  });

  for (const { c, verdict: v } of results) {
    if (!v) continue;
    const expected = EXPECTED_FAILURES[c.id];
    const title = `${c.id} ${c.name} (${c.error ? 'invalid' : 'valid'})`;
    if (expected) {
      it(`${title}: fails (${expected.kind}: ${expected.reason})`, () => {
        expect(v.pass, `${c.id} passes now: remove it from yaml-suite-expected.ts`).toBe(false);
      });
    } else {
      it(title, () => {
        expect(v.pass, `${c.id}: ${v.detail}\n--- input\n${c.yaml}`).toBe(true);
      });
    }
  }

  it('passes as many cases as the list says', () => {
    const count = (error: boolean) => {
      const mine = results.filter((r) => r.verdict && r.c.error === error);
      return `${mine.filter((r) => r.verdict!.pass).length}/${mine.length}`;
    };
    // Valid single-document cases read right; invalid cases rejected.
    expect({ valid: count(false), invalid: count(true) }).toEqual(SUITE_COUNTS);
  });
});
