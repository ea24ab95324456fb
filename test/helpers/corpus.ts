/**
 * Where the shared corpus of real templates lives: `OWNLESS_CORPUS`, else `../shared/corpus` beside
 * the project (the workspace layout), else `/work/shared/corpus`. A missing corpus fails the tests
 * that need it loudly; it is never skipped.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

function locate(): string {
  const candidates = [
    process.env.OWNLESS_CORPUS,
    resolve(__dirname, '../../../shared/corpus'),
    '/work/shared/corpus',
  ];
  const found = candidates.find(
    (dir): dir is string => !!dir && existsSync(resolve(dir, 'serverless-patterns')),
  );
  if (!found)
    throw new Error(
      `the shared corpus is missing: looked in ${candidates.filter(Boolean).join(', ')} (set OWNLESS_CORPUS)`,
    );
  return found;
}

export const CORPUS = locate();
