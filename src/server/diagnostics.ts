/** Findings and parse problems as LSP diagnostics. */
import { DOCS_ROOT, docsUrl, type Finding, type LintResult, type Severity } from '../core';
import {
  type Diagnostic,
  DiagnosticSeverity,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver/node';

export const SOURCE = 'ownless';
/** The code of a parse problem (the file could not be read completely). */
export const PARSE_ERROR_CODE = 'parse-error';
const PARSE_ERRORS_DOC = `${DOCS_ROOT}parse-errors-and-limits.md`;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Each rule's `codeDescription`, shared by its diagnostics (they are only ever serialised). */
const descriptions = new Map<string, { href: string }>();

/**
 * The diagnostic made for a finding, by finding. An incremental re-lint keeps most findings as the
 * same objects, so after a keystroke most diagnostics are not made again. Diagnostics are never
 * changed once made (they are serialised, or handed to code actions as they are).
 */
const made = new WeakMap<Finding, { uri: string; diagnostic: Diagnostic }>();

export function findingDiagnostic(finding: Finding, uri: string): Diagnostic {
  const known = made.get(finding);
  if (known && known.uri === uri) return known.diagnostic;
  let codeDescription = descriptions.get(finding.ruleId);
  if (!codeDescription)
    descriptions.set(finding.ruleId, (codeDescription = { href: docsUrl(finding.ruleId) }));
  const related: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    location: { uri, range: r.range },
    message: r.message,
  }));
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription,
    source: SOURCE,
    message: finding.message,
  };
  if (related.length) diagnostic.relatedInformation = related;
  made.set(finding, { uri, diagnostic });
  return diagnostic;
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
