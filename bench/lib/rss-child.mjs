// Child process for the peak-RSS measurement: load the core bundle, lint one file once, report
// process.resourceUsage().maxRSS (KiB) before and after, and how long that first, un-warmed lint took.
// Usage: node bench/lib/rss-child.mjs <core.cjs> <template>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const [bundle, file] = process.argv.slice(2);
const startKB = process.resourceUsage().maxRSS;
const core = createRequire(import.meta.url)(resolve(bundle));
const config = core.resolveConfig({});
const text = readFileSync(file, 'utf8');
const loadedKB = process.resourceUsage().maxRSS;
const t0 = performance.now();
const result = core.lintText(text, file, config);
const firstLintMs = performance.now() - t0;
const peakKB = process.resourceUsage().maxRSS;
process.stdout.write(
  JSON.stringify({ startKB, loadedKB, peakKB, firstLintMs, findings: result.findings.length }),
);
