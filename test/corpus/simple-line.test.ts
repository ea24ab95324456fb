/**
 * The YAML parser's fast path for simple lines reads every YAML template of the shared corpus, and
 * edited variants of a sample of them, exactly as the general readers do (see
 * test/parse/simple-line.test.ts for the edge cases, the repository's files and big-sam).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { simpleLines } from '../../src/core/parse/yaml/simple-line';
import { CORPUS } from '../helpers/corpus';
import { bothWays, variants, yamlFiles } from '../helpers/simple-line';

afterEach(() => {
  simpleLines.enabled = true;
});

describe('YAML parser fast path for simple lines, on the corpus', () => {
  it('reads every corpus template, and edited variants of it, the same way', () => {
    const files = yamlFiles(CORPUS).filter((f) => !f.includes('/stress/'));
    expect(files.length).toBeGreaterThan(500);
    let compared = 0;
    for (const [i, file] of files.entries()) {
      const text = readFileSync(file, 'utf8');
      // Every template as it is; a sample of them (every fifth) also in edited variants.
      for (const variant of i % 5 === 0 ? [text, ...variants(text, i + 1)] : [text]) {
        const { fast, general } = bothWays(variant);
        if (fast !== general) expect({ file, fast }).toEqual({ file, fast: general });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
