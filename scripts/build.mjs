// Bundles every entry point with esbuild: one source tree; a process loads only the bundles it runs.
//   dist/cli.js        the `ownless` command: only its dispatch (src/cli/main.ts), which loads the
//   dist/cli-*.js      command that runs from its own bundle: lint, serve, invoke, deploy (and
//                      `ownless lsp --stdio` loads dist/server.js), so a command compiles only its code
//   dist/tree-sitter.js  tree-sitter's JavaScript loader, required by the command bundles (see below)
//   dist/server.js     the language server the extension starts over IPC
//   dist/extension.js  the VS Code extension (the `vscode` module is provided by the host)
//   dist/runtime/      the local Lambda runtime's bootstraps, copied: they run as they are in functions
//   dist/wasm/         tree-sitter's runtime and grammars for handler code, copied from
//                      @vscode/tree-sitter-wasm (found beside the bundle: src/core/code/parsers.ts),
//                      and the Terraform grammar from @tree-sitter-grammars/tree-sitter-hcl
//                      (src/core/formats/terraform/hcl-parser.ts)
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

// tree-sitter's loader (its JavaScript half) is a bundle of its own that the commands require() at run
// time: it loads the wasm files with import(), which code run through the lint bundle's code cache
// (node:vm, src/cli/bundles.ts) cannot do on Node 20.
const TREE_SITTER = createRequire(import.meta.url).resolve('@vscode/tree-sitter-wasm');
const treeSitterBeside = {
  name: 'tree-sitter-beside',
  setup(b) {
    b.onResolve({ filter: /^@vscode\/tree-sitter-wasm$/ }, () => ({
      path: './tree-sitter.js',
      external: true,
    }));
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: [{ in: 'src/cli/main.ts', out: 'cli' }],
    banner: { js: '#!/usr/bin/env node' },
    // main.ts tests it inline before each command's import(): the bundle keeps the load of the
    // command's own file and drops the import (which would inline the command into dist/cli.js).
    define: { ...common.define, OWNLESS_BUNDLED: 'true' },
  }),
  build({ ...common, entryPoints: COMMAND_BUNDLES, plugins: [treeSitterBeside], metafile: true }).then(
    ({ metafile }) => {
      // src/cli/bundles.ts runs cli-lint.js through node:vm with its code cache, where import() fails.
      const lint = Object.entries(metafile.outputs).find(([file]) => file.endsWith('cli-lint.js'))[1];
      const dynamic = lint.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path);
      if (dynamic.length)
        throw new Error(`dist/cli-lint.js must not import() (src/cli/bundles.ts): ${dynamic.join(', ')}`);
    },
  ),
  build({ ...common, entryPoints: [{ in: TREE_SITTER, out: 'tree-sitter' }] }),
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
for (const file of [
  'node-bootstrap.js',
  'node-isolation.js',
  'node-isolation-hooks.mjs',
  'python_bootstrap.py',
])
  copyFileSync(`src/lambda/local/runtime/${file}`, `dist/runtime/${file}`);

// Found at run time beside the bundle (src/core/code/parsers.ts: locateWasmDir); the list is its WASM_FILES.
const WASM_FILES = [
  'tree-sitter.wasm',
  ...['javascript', 'typescript', 'tsx', 'python'].map((l) => `tree-sitter-${l}.wasm`),
];
const wasmSource = dirname(TREE_SITTER);
mkdirSync('dist/wasm', { recursive: true });
for (const file of WASM_FILES) copyFileSync(join(wasmSource, file), `dist/wasm/${file}`);
// The Terraform grammar loads into the same runtime (src/core/formats/terraform/hcl-parser.ts: HCL_WASM).
const HCL_GRAMMAR = 'tree-sitter-terraform.wasm';
const hclSource = dirname(
  createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json'),
);
copyFileSync(join(hclSource, HCL_GRAMMAR), `dist/wasm/${HCL_GRAMMAR}`);
