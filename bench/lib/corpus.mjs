// The corpus selection, done exactly as `ownless lint <folder>` does it: the CLI's own discovery
// (extensions .yaml/.yml/.json/.template, skipped folders, `mightBeTemplate` on the first 64 KB),
// then a parse, keeping files that are templates (`isTemplate`) or that have parse problems.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// The workspace layout puts the corpus beside the project; OWNLESS_CORPUS overrides.
export const CORPUS = [
  process.env.OWNLESS_CORPUS,
  fileURLToPath(new URL('../../../shared/corpus', import.meta.url)),
  '/work/shared/corpus',
].find((dir) => dir && existsSync(`${dir}/serverless-patterns`));
if (!CORPUS) throw new Error('the shared corpus is missing (set OWNLESS_CORPUS)');
export const BIG_SAM = `${CORPUS}/stress/big-sam.yaml`;

/** Same rule as parseTemplate's: JSON when the text starts with `{` or the name ends `.json`. */
export function syntaxOf(text, path) {
  const m = /^\uFEFF?\s*(\S)/.exec(text);
  return (m !== null && m[1] === '{') || /\.json$/i.test(path) ? 'json' : 'yaml';
}

/**
 * Every template under the corpus, except stress/ (big-sam.yaml is measured on its own).
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
