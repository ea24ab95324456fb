// Bundles every entry point with esbuild: one source tree; a process loads only the bundles it runs.
//   dist/cli.js        the `ownless` command: only its dispatch (src/cli/main.ts), which loads the
//   dist/cli-*.js      command that runs from its own bundle: lint, serve, invoke, deploy (and
//                      `ownless lsp --stdio` loads dist/server.js), so a command compiles only its code
//   dist/server.js     the language server the extension starts over IPC
//   dist/extension.js  the VS Code extension (the `vscode` module is provided by the host)
//   dist/runtime/      the local Lambda runtime's bootstraps, copied: they run as they are in functions
//   dist/wasm/         tree-sitter's runtime and grammars for handler code, copied from
//                      @vscode/tree-sitter-wasm (found beside the bundle: src/core/code/parsers.ts)
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');

const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: ['vscode'],
  // jsonc-parser's UMD entry hides its requires from esbuild; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  define: { OWNLESS_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
};

// The commands' bundles, loaded by name from src/cli/main.ts. They sit beside dist/cli.js, not in a
// folder of their own, because the runtime's bootstraps and the tree-sitter wasm are found beside the
// bundle that runs (__dirname). CommonJS output cannot share chunks, so each one carries its own copy
// of what it needs (the core is in cli-lint.js and again in the others): a process loads only one.
const COMMAND_BUNDLES = [
  { in: 'src/cli/lint-command.ts', out: 'cli-lint' },
  { in: 'src/cli/serve.ts', out: 'cli-serve' },
  { in: 'src/cli/invoke.ts', out: 'cli-invoke' },
  { in: 'src/cli/deploy.ts', out: 'cli-deploy' },
];

await Promise.all([
  build({
    ...common,
    entryPoints: [{ in: 'src/cli/main.ts', out: 'cli' }],
    banner: { js: '#!/usr/bin/env node' },
    // main.ts tests it inline before each command's import(): the bundle keeps the load of the
    // command's own file and drops the import (which would inline the command into dist/cli.js).
    define: { ...common.define, OWNLESS_BUNDLED: 'true' },
  }),
  build({ ...common, entryPoints: COMMAND_BUNDLES }),
  build({
    ...common,
    entryPoints: [
      { in: 'src/server/main.ts', out: 'server' },
      { in: 'src/extension/main.ts', out: 'extension' },
    ],
  }),
]);
chmodSync('dist/cli.js', 0o755);

// Found at run time beside the bundle (src/lambda/local/launch.ts: bootstrapPath).
mkdirSync('dist/runtime', { recursive: true });
for (const file of ['node-bootstrap.js', 'python_bootstrap.py'])
  copyFileSync(`src/lambda/local/runtime/${file}`, `dist/runtime/${file}`);

// Found at run time beside the bundle (src/core/code/parsers.ts: locateWasmDir); the list is its WASM_FILES.
const WASM_FILES = [
  'tree-sitter.wasm',
  ...['javascript', 'typescript', 'tsx', 'python'].map((l) => `tree-sitter-${l}.wasm`),
];
const wasmSource = dirname(createRequire(import.meta.url).resolve('@vscode/tree-sitter-wasm'));
mkdirSync('dist/wasm', { recursive: true });
for (const file of WASM_FILES) copyFileSync(join(wasmSource, file), `dist/wasm/${file}`);
