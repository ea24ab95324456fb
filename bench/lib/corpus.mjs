// The corpus selection, done exactly as `ownless lint <folder>` does it: the CLI's own discovery
// (extensions .yaml/.yml/.json/.template, skipped folders, `mightBeTemplate` on the first 64 KB),
// then a parse, keeping files that are templates (`isTemplate`) or that have parse problems.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The shared corpus of real templates: the folder OWNLESS_CORPUS names, else ../shared/corpus beside
// the project (the workspace layout). The bench needs it: without it, it stops here, naming the variable.
function locateCorpus() {
  const named = process.env.OWNLESS_CORPUS;
  const dir = named ? resolve(named) : fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
  if (existsSync(`${dir}/serverless-patterns`)) return dir;
  throw new Error(
    named
      ? `OWNLESS_CORPUS names ${dir}, which holds no shared corpus (no serverless-patterns/ in it)`
      : `the shared corpus is missing: OWNLESS_CORPUS is not set and there is none at ${dir}. ` +
          'Set OWNLESS_CORPUS to the corpus folder to run the bench.',
  );
}
export const CORPUS = locateCorpus();

// big-sam (2,000 functions) is generated, not read from the corpus (lib/big-sam.mjs, which needs no
// corpus; passed on here for the bench's suites that also read the corpus).
export { BIG_SAM } from './big-sam.mjs';

/** Same rule as parseTemplate's: JSON when the text starts with `{` or the name ends `.json`. */
export function syntaxOf(text, path) {
  const m = /^\uFEFF?\s*(\S)/.exec(text);
  return (m !== null && m[1] === '{') || /\.json$/i.test(path) ? 'json' : 'yaml';
}

/**
 * Every template under the corpus, except stress/ (its big-sam.yaml is left out: the bench measures
 * the generated one on its own).
 * Returns { files: [{ path, rel, group, text, syntax, bytes, problems }], found, dropped }.
 */
export function selectCorpus(core, config) {
  const { files: found } = core.discover([CORPUS]);
  const files = [];
  let dropped = 0;
  for (const path of found) {
    const rel = relative(CORPUS, path);
    const group = rel.split('/')[0];
    if (group === 'stress') continue;
    const text = readFileSync(path, 'utf8');
    const doc = core.parseTemplate(text, path, config.limits);
    if (doc.problems.length === 0 && !core.isTemplate(doc.root)) {
      dropped++;
      continue;
    }
    files.push({
      path,
      rel,
      group,
      text,
      syntax: syntaxOf(text, path),
      bytes: Buffer.byteLength(text),
      problems: doc.problems.length,
    });
  }
  return { files, found: found.filter((p) => !relative(CORPUS, p).startsWith('stress/')).length, dropped };
}
