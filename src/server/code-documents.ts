/**
 * Handler code in the editor. Which code files are diagnosed: every handler file a template of the
 * workspace links to (open or not: the workspace scan reads them from disk), and any other open
 * JavaScript, TypeScript or Python document that exports a Lambda handler by convention (an export
 * named `handler`/`…Handler`, or a function taking `(event, context)`); other code files are read
 * while open (the analysis is cheap and incremental) but nothing is reported on them, and code in
 * dependency or build folders (node_modules, .aws-sam, cdk.out…) is not read unless a template links
 * it. Open documents are re-parsed incrementally on each change.
 */
import {
  type CodeLint,
  type HandlerOwner,
  type ResolvedConfig,
  SKIPPED_DIRS,
  analyzeCode,
  emptyCodeLint,
  isCodeFile,
  releaseCodeLint,
} from '../core';
import { sep } from 'node:path';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { PARSE_ERROR_CODE, SOURCE, findingDiagnostic } from './diagnostics';

export interface CodeDocument {
  /** The name the core saw: the path, or the URI for documents that are not files. */
  name: string;
  lint: CodeLint;
  /** The template functions whose handler this file holds (from the workspace's templates). */
  owners: HandlerOwner[];
  /** False for a file that is no function's handler and does not look like one: nothing is reported. */
  reported: boolean;
}

/** Language ids of unsaved documents that are code (saved ones go by their extension). */
const CODE_LANGUAGE_IDS = new Set([
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'python',
]);
const LANGUAGE_EXTENSION: Record<string, string> = {
  javascript: 'js',
  javascriptreact: 'jsx',
  typescript: 'ts',
  typescriptreact: 'tsx',
  python: 'py',
};

/** True for documents the code analysis reads: by extension, or by language for untitled ones. */
export function isCodeDocument(uri: string, languageId: string | undefined): boolean {
  const name = uri.replace(/[?#].*$/, '');
  if (isCodeFile(name)) return true;
  return uri.startsWith('untitled:') && languageId !== undefined && CODE_LANGUAGE_IDS.has(languageId);
}

/** The name to lint a document under: one whose extension gives its language. */
export function codeDocumentName(name: string, languageId: string | undefined): string {
  if (isCodeFile(name)) return name;
  const ext = languageId && LANGUAGE_EXTENSION[languageId];
  return ext ? `${name}.${ext}` : name;
}

/** True for paths in dependency or build folders (node_modules, .aws-sam...): not ours unless linked. */
function inSkippedFolder(name: string): boolean {
  return (
    name.split(/[\\/]/).some((part) => SKIPPED_DIRS.has(part)) || name.includes(`${sep}node_modules${sep}`)
  );
}

/**
 * Lints a code document's text; with `previous` (the same document's last analysis) the parse is
 * incremental and `previous` is consumed: its tree is handed on, so it must not be re-parsed again.
 */
export function lintCodeDocument(
  text: string,
  name: string,
  config: ResolvedConfig,
  owners: HandlerOwner[],
  previous?: CodeDocument,
): CodeDocument {
  if (owners.length === 0 && inSkippedFolder(name)) {
    if (previous) releaseCodeDocument(previous);
    return { name, lint: emptyCodeLint(), owners, reported: false };
  }
  const analysis = analyzeCode(
    { path: name, text },
    { config, owners, previous: previous?.lint, keepTree: true },
  );
  // Without parsers (their wasm failed to load, which the server logged) there is nothing to say.
  if (analysis.kind !== 'code') return { name, lint: emptyCodeLint(), owners, reported: false };
  const { lint } = analysis;
  // An open file over the size limit is said to be so only when it is a function's handler.
  const reported = owners.length > 0 || (lint.result.model?.handlers.length ?? 0) > 0;
  return { name, lint, owners, reported };
}

/** A handler file from disk (not open): the tree is not kept. Undefined when it cannot be read. */
export function lintClosedCode(
  path: string,
  config: ResolvedConfig,
  owners: HandlerOwner[],
): CodeDocument | undefined {
  // Read through the front door: regular files only, bounded while reading (a FIFO is skipped).
  const analysis = analyzeCode({ path }, { config, owners });
  if (analysis.kind !== 'code') return undefined;
  return { name: path, lint: analysis.lint, owners, reported: true };
}

/** Frees an open document's tree-sitter tree (WebAssembly memory). */
export function releaseCodeDocument(doc: CodeDocument | null | undefined): void {
  releaseCodeLint(doc?.lint);
}

/** The findings a code document reports (none when it is not reported). */
export function codeFindings(doc: CodeDocument) {
  return doc.reported ? doc.lint.findings : [];
}

/**
 * How many of a handler file's findings concern each function whose handler it holds, in owner order
 * (what the handler's lens shows, and what the sidebar adds to the template's count).
 */
export function ownerFindings(doc: CodeDocument): { owner: HandlerOwner; count: number }[] {
  const findings = codeFindings(doc);
  return doc.owners.map((owner) => ({
    owner,
    count: findings.filter((f) => f.functions.includes(owner.functionId)).length,
  }));
}

export function codeDiagnostics(doc: CodeDocument, uri: string): Diagnostic[] {
  if (!doc.reported) return [];
  const out: Diagnostic[] = doc.lint.result.problems.map((p) => ({
    range: p.range,
    severity: DiagnosticSeverity.Warning,
    code: PARSE_ERROR_CODE,
    source: SOURCE,
    message: p.message,
  }));
  for (const finding of doc.lint.findings) out.push(findingDiagnostic(finding, uri));
  return out;
}
