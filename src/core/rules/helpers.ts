/**
 * Shared pieces of rules: reports on settings (a setting inherited from `Globals` or a `provider`
 * block gives one finding naming every function it affects, pointing back at each), how messages
 * name functions, and the common fixes, built through the site's operations.
 */
import type { LambdaFunction, NameKey, Site } from '../model/types';
import type { FixSpec, Report } from './types';

export function ids(functions: readonly LambdaFunction[]): string[] {
  return functions.map((f) => f.id);
}

/** "function X" or "3 functions (A, B, C)": how messages name what a setting affects. */
export function describeFunctions(functions: readonly LambdaFunction[]): string {
  return describeFunctionIds(functions.map((f) => f.id));
}

export function describeFunctionIds(ids: string[]): string {
  if (ids.length === 1) return `function ${ids[0]}`;
  const more = ids.length > 5 ? `, and ${ids.length - 5} more` : '';
  return `${ids.length} functions (${ids.slice(0, 5).join(', ')}${more})`;
}

/** What a setting written on the function itself points back at: nothing (one shared, frozen list). */
const NO_RELATED: NonNullable<Report['related']> = Object.freeze([]) as unknown as NonNullable<
  Report['related']
>;

/**
 * A report for something written at a site: underlining it, naming its functions, and pointing back at
 * each function when the site is inherited (each takes the setting from there).
 */
export function settingReport(
  site: Site,
  functions: readonly LambdaFunction[],
  report: Omit<Report, 'start' | 'end'>,
): Report {
  const from = site.inheritedFrom;
  const related =
    from === undefined
      ? NO_RELATED
      : functions.map((fn) => {
          const span = fn.site.span;
          return { start: span.start, end: span.end, message: `${fn.id} takes this setting from ${from}` };
        });
  const span = site.span;
  return {
    messageId: report.messageId,
    data: report.data,
    start: span.start,
    end: span.end,
    functions: ids(functions),
    fixes: report.fixes,
    escalate: report.escalate,
    related: report.related ?? related,
  };
}

/** Removes what is written at a site. */
export function removeFix(title: string, site: Site, safety: FixSpec['safety']): FixSpec {
  return { title, safety, edits: () => site.remove() };
}

/** Sets a value where it is written as a literal (no fix for a parameter or an expression: never guessed). */
export function setValueFix(
  title: string,
  site: Site,
  value: string | number,
  safety: FixSpec['safety'],
): FixSpec {
  return { title, safety, edits: () => site.setValue(value) };
}

/** Writes settings beside a declaration's others. */
export function insertFix(
  title: string,
  site: Site,
  entries: readonly (readonly [NameKey, string | number])[],
  safety: FixSpec['safety'],
): FixSpec {
  return { title, safety, edits: () => site.insert(entries) };
}

/** Parses `rate(5 minutes)` and the common `cron(...)` forms into a period in minutes, when regular. */
export function schedulePeriodMinutes(expression: string): number | undefined {
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2].toLowerCase();
    return unit.startsWith('minute') ? n : unit.startsWith('hour') ? n * 60 : n * 1440;
  }
  const cron = /^cron\(\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*(\S*)\s*\)$/i.exec(expression.trim());
  if (cron) {
    const [, minutes, hours] = cron;
    if (hours !== '*' && hours !== '*/1' && hours !== '0/1') return undefined;
    if (minutes === '*') return 1;
    const step = /^(?:\*|\d+)\/(\d+)$/.exec(minutes);
    if (step) return Number(step[1]);
    const list = minutes.split(',');
    if (list.length > 1 && list.every((m) => /^\d+$/.test(m))) return Math.ceil(60 / list.length);
  }
  return undefined;
}
