/** The JSON output format (version 1; documented in the README and kept stable). */
import type { FileReport } from '../report';

export function formatJson(reports: FileReport[]): string {
  return (
    JSON.stringify(
      {
        version: 1,
        files: reports.map((r) => ({
          path: r.path,
          format: r.format,
          parseErrors: r.parseErrors,
          functions: r.functions,
          ...(r.handlerOf ? { handlerOf: r.handlerOf } : {}),
        })),
        findings: reports.flatMap((r) =>
          r.findings.map((f) => ({
            ruleId: f.ruleId,
            tenet: f.tenet,
            severity: f.severity,
            message: f.message,
            path: r.path,
            range: f.range,
            functions: f.functions,
            fixes: f.fixes,
          })),
        ),
      },
      null,
      2,
    ) + '\n'
  );
}
