// Preloaded with `node --import` into a process (the bundled CLI): writes its peak RSS (KiB) at exit
// to the file named by OWNLESS_BENCH_RSS_OUT.
import { writeFileSync } from 'node:fs';

const out = process.env.OWNLESS_BENCH_RSS_OUT;
if (out)
  process.on('exit', () => writeFileSync(out, JSON.stringify({ peakKB: process.resourceUsage().maxRSS })));
