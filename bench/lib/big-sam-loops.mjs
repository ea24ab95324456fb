// big-sam's cold lint and re-lint as the bench measures them: shared by bench/run.mjs and the A/B
// comparison (bench/ab.mjs, through lib/ab-child.mjs), so both time exactly the same work.
import { BIG_SAM } from './big-sam.mjs';
import { measure } from './stats.mjs';

/** Runs per measurement: enough for a steady median, bounded in time. */
export const HEAVY = { warmup: 5, minRuns: 15, maxRuns: 40, budgetMs: 20_000 };

/** A fresh parse and full lint of the text, every run. */
export function measureColdLint(core, config, text) {
  return measure(() => core.lintText(text, BIG_SAM, config), HEAVY);
}

/**
 * Re-lint: the previous text has just been linted (its result is still held, as an editor would),
 * then one function's Timeout changes and the new text is linted, re-parsing only the edited
 * resource (reparseTemplate) and running the model and every rule again. Only the second lint is
 * timed. Returns the stats, the edit in words, and one edited text to check.
 */
export function measureRelint(core, config, text) {
  const anchor = text.indexOf('\n  Fn1000:\n');
  const next = text.indexOf('\n  Fn1001:\n');
  const re = /\n {6}Timeout: (\d+)\n/g;
  re.lastIndex = anchor;
  const m = re.exec(text);
  if (anchor < 0 || !m || m.index > next) throw new Error('big-sam.yaml: no Timeout line under Fn1000');
  const valueStart = m.index + m[0].indexOf(m[1]);
  const before = text.slice(0, valueStart);
  const after = text.slice(valueStart + m[1].length);
  const edited = (i) => `${before}${10 + ((i + 1000) % 890)}${after}`;
  let previous = null;
  let previousText = text;
  const stats = measure(
    (next) => (previous = core.lintDocument(core.reparseTemplate(previous.doc, next), config)),
    {
      ...HEAVY,
      prepare: (i) => {
        previous = core.lintText(previousText, BIG_SAM, config);
        previousText = edited(i);
        return previousText;
      },
    },
  );
  const line = text.slice(0, valueStart).split('\n').length;
  return { stats, edit: `Fn1000 Timeout: ${m[1]} → 10..899 (line ${line})`, editedText: edited(1) };
}
