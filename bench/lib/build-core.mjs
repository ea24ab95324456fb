// Bundles the TypeScript core (and the CLI's file discovery) into one CommonJS file for the bench,
// with the same esbuild settings as scripts/build.mjs. Output: bench/.cache/core.cjs (git-ignored).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..');
export const CORE_BUNDLE = join(ROOT, 'bench', '.cache', 'core.cjs');

const ENTRY = `
export { lintText, lintDocument, lintCounts } from './src/core/engine';
export { parseTemplate, isTemplate, mightBeTemplate, DEFAULT_LIMITS } from './src/core/formats/cloudformation/template';
export { parseYaml } from './src/core/parse/yaml/parser';
export { reparseTemplate } from './src/core/formats/cloudformation/incremental';
export { parseJson } from './src/core/parse/json';
export { buildModel } from './src/core/formats/cloudformation/build';
export { TemplateSemantics } from './src/core/formats/cloudformation/semantic';
export { resolveConfig } from './src/core/config/config';
export { RULES } from './src/core/rules';
export { discover } from './src/core/discover';
`;

/** Builds the bundle (about 100 ms) and returns its path. */
export async function buildCore() {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'bench-core-entry.ts', loader: 'ts' },
    outfile: CORE_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: false,
    external: ['vscode'],
    mainFields: ['module', 'main'],
    define: { OWNLESS_VERSION: JSON.stringify(version) },
    logLevel: 'warning',
  });
  return CORE_BUNDLE;
}

/** Loads the bundle built by buildCore. */
export function loadCore() {
  return createRequire(import.meta.url)(CORE_BUNDLE);
}
