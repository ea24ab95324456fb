/** Text output in the style of ESLint's "stylish" formatter, with 1-based positions. */
import type { FileReport } from '../report';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (useColor ? `\u001b[${code}m${s}\u001b[0m` : s);
const red = paint(31);
const yellow = paint(33);
const blue = paint(34);
const dim = paint(2);
const bold = paint(1);

const COLOR = { error: red, warning: yellow, info: blue } as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(reports: FileReport[]): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  let fixableInfos = 0;
  for (const report of reports) {
    const rows: string[][] = [];
    for (const problem of report.parseErrors) {
      errors++;
      rows.push([
        `${problem.range.start.line + 1}:${problem.range.start.character + 1}`,
        'error',
        problem.message,
        'parse-error',
      ]);
    }
    for (const f of report.findings) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
      if (f.fixes.some((x) => x.safe)) {
        if (f.severity === 'error') fixableErrors++;
        else if (f.severity === 'warning') fixableWarnings++;
        else fixableInfos++;
      }
      rows.push([
        `${f.range.start.line + 1}:${f.range.start.character + 1}`,
        f.severity,
        f.message,
        f.ruleId,
      ]);
    }
    if (rows.length === 0) continue;
    out.push(bold(report.path));
    const w0 = Math.max(...rows.map((r) => r[0].length));
    const w1 = Math.max(...rows.map((r) => r[1].length));
    for (const [pos, sev, message, rule] of rows) {
      const color = COLOR[sev as keyof typeof COLOR];
      out.push(`  ${dim(pos.padEnd(w0))}  ${color(sev.padEnd(w1))}  ${message}  ${dim(rule)}`);
    }
    out.push('');
  }
  const total = errors + warnings + infos;
  if (total === 0) return '';
  const summary = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`;
  out.push(bold(errors ? red(summary) : warnings ? yellow(summary) : summary));
  if (fixableErrors + fixableWarnings + fixableInfos > 0) {
    out.push(
      `  ${plural(fixableErrors, 'error')}, ${plural(fixableWarnings, 'warning')} and ${plural(fixableInfos, 'info')} potentially fixable with the \`--fix\` option.`,
    );
  }
  return out.join('\n') + '\n';
}
