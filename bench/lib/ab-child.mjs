// One side of bench/ab.mjs: big-sam's cold lint and re-lint with the bench's own loops, on the core
// bundle named on the command line. Prints {"cold": ms, "relint": ms} (medians).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { measureColdLint, measureRelint } from './big-sam-loops.mjs';
import { BIG_SAM } from './big-sam.mjs';

const core = createRequire(import.meta.url)(process.argv[2]);
const config = core.resolveConfig({});
const text = readFileSync(BIG_SAM, 'utf8');
const cold = measureColdLint(core, config, text);
const relint = measureRelint(core, config, text).stats;
process.stdout.write(JSON.stringify({ cold: cold.median, relint: relint.median }));
