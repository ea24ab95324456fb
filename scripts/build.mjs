// Bundles every entry point with esbuild: one source tree, one bundle per process.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const entries = [{ in: 'src/cli/main.ts', out: 'cli' }];

await build({
  entryPoints: entries.map((e) => ({ in: e.in, out: e.out })),
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['vscode'],
  // jsonc-parser's UMD entry hides its requires from esbuild; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  banner: { js: '#!/usr/bin/env node' },
  define: { OWNLESS_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
