// Bundles every entry point with esbuild: one source tree, one bundle per process.
//   dist/cli.js        the `ownless` command (also `ownless lsp --stdio`)
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

await Promise.all([
  build({
    ...common,
    entryPoints: [{ in: 'src/cli/main.ts', out: 'cli' }],
    banner: { js: '#!/usr/bin/env node' },
  }),
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
