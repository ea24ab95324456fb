/**
 * Handler code in `ownless lint`: the files templates link to (their owners name the functions on
 * each finding) and code files named on the command line, linted with the nearest configuration and,
 * with --fix, rewritten with their safe fixes.
 */
import {
  type CodeLint,
  type Finding,
  type HandlerOwner,
  type ResolvedConfig,
  analyzeCode,
  fixCode,
  ignoresFile,
  languageForPath,
} from '../core';
import { relative, resolve as resolvePath } from 'node:path';
import type { LintOptions, LintRun } from './lint';
import type { FileReport } from './report';
import type { FixWriter } from './write-fixed';

export interface CodeFileLint {
  findings: Finding[];
  /** What kept the file from being analysed completely (over maxFileSize, an internal error in a rule). */
  problems: CodeLint['result']['problems'];
  /** Not analysed: larger than the configuration's maxFileSize (the problem says so). */
  oversize?: boolean;
  /** --fix rewrote the file. */
  fixed: boolean;
}

/** The path as shown: relative to the working directory, with `/` separators. */
export function shownPath(cwd: string, absolute: string, file: string): string {
  return relative(cwd, absolute).split('\\').join('/') || file;
}

/**
 * Lints one code file from disk through the front door (regular files only, bounded by maxFileSize
 * while reading; its exports noted for the templates that link it), and with a `writer` (--fix)
 * writes its safe fixes. A file that is not valid UTF-8 is never fixed. Undefined when it cannot be read.
 */
export function lintCodeFile(
  path: string,
  config: ResolvedConfig,
  owners: readonly HandlerOwner[],
  writer: { write: FixWriter['write']; shown: string } | undefined,
  linkedAs: readonly string[] = [],
): CodeFileLint | undefined {
  const analysis = analyzeCode({ path }, { config, owners, linkedAs });
  if (analysis.kind !== 'code') return undefined;
  const { lint: first, oversize } = analysis;
  const text = first.result.model?.text;
  let done = { lint: first, changed: false };
  if (writer && text !== undefined && !analysis.notUtf8) {
    const fixed = fixCode(path, text, first, { config, owners, linkedAs });
    if (fixed.changed && writer.write(path, writer.shown, text, fixed.text)) done = fixed;
  }
  const { findings, result } = done.lint;
  return { findings, problems: result.problems, fixed: done.changed, oversize };
}

/**
 * Lints the code files: those named on the command line, then the handler files templates link to
 * (`linked`: each file as the templates name it, with its owners), and returns their reports. Each
 * linked file's exports are noted for unit/handler-not-found, so checking templates does not re-parse.
 */
export function lintHandlerCode(
  options: LintOptions,
  named: Map<string, string>,
  linked: Map<string, HandlerOwner[]>,
  resolveConfigFor: (file: string) => ResolvedConfig,
  run: LintRun,
): FileReport[] {
  /** Absolute path → the path to read it by, the paths templates name it by, its owners. */
  const queue = new Map<string, { file: string; links: string[]; owners: HandlerOwner[] }>();
  for (const [absolute, file] of named) queue.set(absolute, { file, links: [], owners: [] });
  for (const [file, owners] of linked) {
    const absolute = resolvePath(options.cwd, file);
    const entry = queue.get(absolute) ?? { file, links: [], owners: [] };
    entry.links.push(file);
    entry.owners.push(...owners);
    queue.set(absolute, entry);
  }
  const reports: FileReport[] = [];
  for (const [absolute, { file, links, owners }] of queue) {
    const config = resolveConfigFor(file);
    const isNamed = named.has(absolute);
    if (!isNamed && ignoresFile(config, absolute)) continue;
    const shown = shownPath(options.cwd, absolute, file);
    const fixWriter = run.fixWriter;
    const writer = fixWriter && { write: fixWriter.write.bind(fixWriter), shown };
    const lint = lintCodeFile(file, config, owners, writer, links);
    if (!lint) {
      run.unreadable.push(file);
      continue;
    }
    if (lint.oversize && !isNamed) {
      run.skipped.push({ path: shown, reason: lint.problems[0].message.replace(/: not analysed$/, '') });
      continue;
    }
    if (lint.fixed) run.fixedFiles.push(shown);
    reports.push({
      path: shown,
      format: languageForPath(absolute) ?? 'code',
      parseErrors: lint.problems,
      functions: [],
      handlerOf: owners.map((o) => ({ template: o.template, function: o.functionId, export: o.exportName })),
      findings: lint.findings.map((f) => ({ ...f, path: shown })),
    });
  }
  return reports;
}
