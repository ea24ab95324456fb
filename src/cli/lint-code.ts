/**
 * Handler code in `ownless lint`: the files templates link to (their owners name the functions on
 * each finding) and code files named on the command line, linted with the nearest configuration and,
 * with --fix, rewritten with their safe fixes.
 */
import { type Finding, isIgnored, type ResolvedConfig } from '../core';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve as resolvePath } from 'node:path';
import {
  type CodeModel,
  type CodeProblem,
  type HandlerOwner,
  fixAllCode,
  languageForPath,
  lintForOwners,
  rememberExports,
} from '../core/code';
import type { LintOptions, LintRun } from './lint';
import type { FileReport } from './report';

export interface CodeFileLint {
  findings: Finding[];
  /** What kept the file from being analysed completely (over maxFileSize, an internal error in a rule). */
  problems: CodeProblem[];
  /** Not analysed: larger than the configuration's maxFileSize (the problem says so). */
  oversize?: boolean;
  /** --fix rewrote the file. */
  fixed: boolean;
  /** The model of the file as it is now (null when it was not analysed). */
  model: CodeModel | null;
}

/** The path as shown: relative to the working directory, with `/` separators. */
export function shownPath(cwd: string, absolute: string, file: string): string {
  return relative(cwd, absolute).split('\\').join('/') || file;
}

/** True when an ignore glob of the configuration matches the file. */
export function ignored(config: ResolvedConfig, absolute: string): boolean {
  return (
    !!config.baseDir &&
    config.ignore.length > 0 &&
    isIgnored(relative(config.baseDir, absolute), config.ignore)
  );
}

const EMPTY_RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Lints one code file from disk (reading it only when it is within maxFileSize). Throws on I/O errors. */
export function lintCodeFile(
  path: string,
  config: ResolvedConfig,
  owners: readonly HandlerOwner[],
  fix: boolean,
): CodeFileLint {
  const size = statSync(path).size;
  const limit = config.limits.maxFileSize;
  if (size > limit) {
    const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
    const message = `file is ${mb(size)} MB, over the ${mb(limit)} MB limit (maxFileSize): not analysed`;
    return {
      findings: [],
      problems: [{ message, range: EMPTY_RANGE }],
      oversize: true,
      fixed: false,
      model: null,
    };
  }
  const text = readFileSync(path, 'utf8');
  const relint = (t: string) => lintForOwners(t, path, config, owners, { keepTree: false });
  const first = relint(text);
  const done = fix ? fixAllCode(text, first, relint) : { text, lint: first, changed: false };
  if (done.changed) writeFileSync(path, done.text);
  const { findings, result } = done.lint;
  return { findings, problems: result.problems, fixed: done.changed, model: result.model };
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
    if (!isNamed && ignored(config, absolute)) continue;
    const shown = shownPath(options.cwd, absolute, file);
    let lint: CodeFileLint;
    try {
      lint = lintCodeFile(file, config, owners, options.fix);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code) {
        run.unreadable.push(file);
        continue;
      }
      throw e;
    }
    if (lint.model) for (const link of links) rememberExports(link, lint.model);
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
