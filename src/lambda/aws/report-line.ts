/**
 * The REPORT line Lambda writes after each invocation, read into numbers:
 *
 *   REPORT RequestId: 8f5…  Duration: 12.34 ms  Billed Duration: 13 ms  Memory Size: 128 MB
 *   Max Memory Used: 70 MB  Init Duration: 150.12 ms  (tab-separated, one line)
 *
 * Init Duration is there on cold starts only; SnapStart adds Restore Duration; a timeout or crash
 * adds `Status:` and `Error Type:`. Fields this parser does not know are ignored, not an error.
 */

export interface ReportSummary {
  requestId?: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  /** Only on a cold start. */
  initDurationMs?: number;
  /** SnapStart functions, when restored from a snapshot. */
  restoreDurationMs?: number;
  /** `timeout` or `error` when the platform ended the invocation. */
  status?: string;
  errorType?: string;
}

const FIELD = /^([A-Za-z][A-Za-z ]*?):\s*(.*?)\s*$/;

function amount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(-?\d+(?:\.\d+)?)/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** The last REPORT line of a log (a tail may hold the end of an earlier one too), or undefined. */
export function parseReportLine(logs: string): ReportSummary | undefined {
  const line = logs
    .split(/\r?\n/)
    .reverse()
    .find((l) => l.startsWith('REPORT RequestId:'));
  if (!line) return undefined;
  const fields = new Map<string, string>();
  for (const part of line.slice('REPORT '.length).split('\t')) {
    const match = FIELD.exec(part.trim());
    if (match) fields.set(match[1], match[2]);
  }
  const duration = amount(fields.get('Duration'));
  const billed = amount(fields.get('Billed Duration'));
  const memory = amount(fields.get('Memory Size'));
  const used = amount(fields.get('Max Memory Used'));
  if (duration === undefined || billed === undefined || memory === undefined || used === undefined)
    return undefined;
  const summary: ReportSummary = {
    requestId: fields.get('RequestId'),
    durationMs: duration,
    billedDurationMs: billed,
    memorySizeMB: memory,
    maxMemoryUsedMB: used,
  };
  const init = amount(fields.get('Init Duration'));
  if (init !== undefined) summary.initDurationMs = init;
  const restore = amount(fields.get('Restore Duration'));
  if (restore !== undefined) summary.restoreDurationMs = restore;
  if (fields.has('Status')) summary.status = fields.get('Status');
  if (fields.has('Error Type')) summary.errorType = fields.get('Error Type');
  return summary;
}

/** One line for people: `duration 12.34 ms (billed 13 ms), memory 70 of 128 MB, init 150.12 ms`. */
export function formatReport(report: ReportSummary): string {
  const parts = [
    `duration ${report.durationMs} ms (billed ${report.billedDurationMs} ms)`,
    `memory ${report.maxMemoryUsedMB} of ${report.memorySizeMB} MB`,
  ];
  if (report.initDurationMs !== undefined) parts.push(`init ${report.initDurationMs} ms`);
  if (report.restoreDurationMs !== undefined) parts.push(`restore ${report.restoreDurationMs} ms`);
  if (report.status) parts.push(`status ${report.status}${report.errorType ? ` (${report.errorType})` : ''}`);
  return parts.join(', ');
}
