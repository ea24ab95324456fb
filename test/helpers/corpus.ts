/**
 * Where the shared corpus of real templates lives, for the suites under test/corpus/ (`npm run
 * test:corpus`): the folder `OWNLESS_CORPUS` names, else `../shared/corpus` beside the project. Without
 * it those suites fail, naming the variable; they are never skipped. `npm test` needs no corpus.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

function locate(): string {
  const named = process.env.OWNLESS_CORPUS;
  const dir = named ? resolve(named) : resolve(__dirname, '../../../shared/corpus');
  if (!existsSync(resolve(dir, 'serverless-patterns')))
    throw new Error(
      named
        ? `OWNLESS_CORPUS names ${dir}, which holds no shared corpus (no serverless-patterns/ in it)`
        : `the shared corpus is missing: OWNLESS_CORPUS is not set and there is none at ${dir}. ` +
            'Set OWNLESS_CORPUS to the corpus folder to run these suites (npm test needs no corpus).',
    );
  return dir;
}

export const CORPUS = locate();
