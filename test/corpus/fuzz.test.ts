/**
 * Fuzzing on the shared corpus: mutants of every ninth real template (line deletions, duplications,
 * token insertions, truncations… from test/helpers/fuzz.ts) lint without a throw, a hang or a bad
 * position, and the safe fixes of those that still parse round-trip.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../helpers/corpus';
import { knownBug, mutate, prng, roundTrip, run } from '../helpers/fuzz';

function corpusSample(every: number): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(full);
    }
  };
  for (const folder of ['serverless-patterns', 'cfn-lint-templates', 'serverless-examples'])
    walk(join(CORPUS, folder));
  return out.filter((_f, i) => i % every === 0);
}

describe('fuzz: mutated corpus templates', () => {
  const files = corpusSample(9);
  /** More with OWNLESS_FUZZ_CORPUS_MUTANTS=n for a longer exploratory run (same seeds, a superset). */
  const MUTANTS = Number(process.env.OWNLESS_FUZZ_CORPUS_MUTANTS ?? 12);

  it(`lints ${MUTANTS} mutants of each of ~100 corpus files without a throw, a hang or a bad position`, () => {
    expect(files.length).toBeGreaterThan(80);
    const failures: string[] = [];
    let inputs = 0;

    let roundTrips = 0;
    for (const [index, file] of files.entries()) {
      const original = readFileSync(file, 'utf8');
      const path = /\.json$/i.test(file) ? 'template.json' : 'template.yaml';
      for (let m = 0; m < MUTANTS; m++) {
        const seed = 1000 * index + m;
        const { text, steps } = mutate(original, prng(seed));
        const outcome = run(text, path);
        inputs++;

        const where = `${relative(CORPUS, file)} seed ${seed} (${steps.join(', ')})`;
        const failure = outcome.failure ?? roundTrip(text, path, outcome.result!);
        if (!outcome.failure && outcome.result!.doc.problems.length === 0) roundTrips++;
        if (failure && !knownBug(failure, text, path)) failures.push(`${where}: ${failure}`);
      }
    }
    expect(inputs).toBe(files.length * MUTANTS);
    expect(roundTrips).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });
});
