/** Findings and parse problems as LSP diagnostics. */
import {
  type Diagnostic,
  DiagnosticSeverity,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver/node';
import type { LintResult } from '../core/engine';
import type { Finding, Severity } from '../core/rules/types';
import { DOCS_ROOT, docsUrl } from '../core/rules';

export const SOURCE = 'ownless';
/** The code of a parse problem (the file could not be read completely). */
export const PARSE_ERROR_CODE = 'parse-error';
const PARSE_ERRORS_DOC = `${DOCS_ROOT}parse-errors-and-limits.md`;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function findingDiagnostic(finding: Finding, uri: string): Diagnostic {
  const related: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    location: { uri, range: r.range },
    message: r.message,
  }));
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: SOURCE,
    message: finding.message,
    relatedInformation: related.length ? related : undefined,
  };
}

/** Every diagnostic of a linted document: parse problems first, then findings. */
export function documentDiagnostics(result: LintResult, uri: string): Diagnostic[] {
  const { doc } = result;
  const out: Diagnostic[] = doc.problems.map((p) => ({
    range: doc.lines.range(p.start, p.end),
    severity: DiagnosticSeverity.Error,
    code: PARSE_ERROR_CODE,
    codeDescription: { href: PARSE_ERRORS_DOC },
    source: SOURCE,
    message: p.message,
  }));
  for (const finding of result.findings) out.push(findingDiagnostic(finding, uri));
  return out;
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countDiagnostics(diagnostics: Diagnostic[]): Counts {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) {
    if (d.severity === DiagnosticSeverity.Error) counts.errors++;
    else if (d.severity === DiagnosticSeverity.Warning) counts.warnings++;
    else counts.infos++;
  }
  return counts;
}
