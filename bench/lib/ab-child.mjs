// One side of bench/ab.mjs: big-sam cold lint and re-lint with the bench's own loops, on the core
// bundle named on the command line. Prints {"cold": ms, "relint": ms} (medians).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BIG_SAM } from './corpus.mjs';
import { measure } from './stats.mjs';

const core = createRequire(import.meta.url)(process.argv[2]);
const config = core.resolveConfig({});
const text = readFileSync(BIG_SAM, 'utf8');
const heavy = { warmup: 5, minRuns: 15, maxRuns: 40, budgetMs: 20_000 };
const cold = measure(() => core.lintText(text, BIG_SAM, config), heavy);
// As bench/run.mjs: one function's Timeout changes, the previous text having just been linted.
const anchor = text.indexOf('\n  Fn1000:\n');
const re = /\n {6}Timeout: (\d+)\n/g;
re.lastIndex = anchor;
const m = re.exec(text);
const at = m.index + m[0].indexOf(m[1]);
const edited = (i) => `${text.slice(0, at)}${10 + ((i + 1000) % 890)}${text.slice(at + m[1].length)}`;
let previous = null;
let previousText = text;
const relint = measure(
  (next) => (previous = core.lintDocument(core.reparseTemplate(previous.doc, next), config)),
  {
    ...heavy,
    prepare: (i) => {
      previous = core.lintText(previousText, BIG_SAM, config);
      previousText = edited(i);
      return previousText;
    },
  },
);
process.stdout.write(JSON.stringify({ cold: cold.median, relint: relint.median }));
