// The process profiled by bench/profile.mjs: lint one template repeatedly (optionally re-linting
// after a one-line edit each time, like the bench's re-lint measurement).
// Usage: node --cpu-prof bench/lib/profile-target.mjs <core.cjs> <template> <runs> [parse|model|rules|lint|relint|per-rule]
// relint: each run changes the first `Timeout: N` line and re-lints from the previous result (as an
// editor does while typing), so only incremental re-lints are profiled.
// per-rule: no profile needed; prints each rule's check() time (reports collected raw, no findings).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const [bundle, file, runsArg, what = 'lint'] = process.argv.slice(2);
const core = createRequire(import.meta.url)(resolve(bundle));
const config = core.resolveConfig({});
const text = readFileSync(file, 'utf8');
const runs = Number(runsArg) || 20;
const doc = core.parseTemplate(text, file, config.limits);
if (what === 'per-rule') {
  const model = core.TemplateSemantics.of(core.buildModel(doc));
  const rows = core.RULES.filter((rule) => rule.check).map((rule) => {
    const setting = config.rules.get(rule.meta.id);
    const severity = setting?.severity ?? rule.meta.severity[config.profile];
    const times = [];
    let reports = 0;
    for (let i = 0; i < runs; i++) {
      const collected = [];
      const context = {
        model,
        profile: config.profile,
        options: setting?.options ?? {},
        host: undefined,
        report: (r) => collected.push(r),
      };
      const t = performance.now();
      rule.check(context);
      times.push(performance.now() - t);
      reports = collected.length;
    }
    times.sort((a, b) => a - b);
    return { id: rule.meta.id, severity, median: times[times.length >> 1], reports };
  });
  rows.sort((a, b) => b.median - a.median);
  const sum = rows.reduce((n, r) => n + r.median, 0);
  process.stdout.write(
    `check() medians over ${runs} runs, all rules run regardless of severity; sum ${sum.toFixed(1)} ms\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `${r.median.toFixed(2).padStart(8)} ms  ${String(r.reports).padStart(5)} reports  ${r.id} (${r.severity})\n`,
    );
  process.exit(0);
}
const step = {
  parse: () => core.parseTemplate(text, file, config.limits),
  model: () => core.buildModel(doc),
  rules: () => core.lintDocument(doc, config),
  lint: () => core.lintText(text, file, config),
  relint: relinter(),
}[what];
if (!step) throw new Error(`unknown step '${what}' (parse, model, rules, lint or relint)`);
const t0 = performance.now();
for (let i = 0; i < runs; i++) step();
process.stderr.write(`${what} × ${runs}: ${((performance.now() - t0) / runs).toFixed(1)} ms per run\n`);

function relinter() {
  const m = /\n {6}Timeout: (\d+)\n/.exec(text);
  if (!m) return undefined;
  const at = m.index + m[0].indexOf(m[1]);
  let previous = core.lintText(text, file, config);
  let i = 0;
  return () => {
    const edited = `${text.slice(0, at)}${10 + (i++ % 890)}${text.slice(at + m[1].length)}`;
    previous = core.lintDocument(core.reparseTemplate(previous.doc, edited), config);
    return previous;
  };
}
