/**
 * The front door for handler code (src/core/index.ts re-exports it): a code file goes in (its path,
 * and its text when an editor holds it) with the functions whose handler it holds; the core reads it
 * safely when no text is given (regular files only, bounded by the size limit while reading), gates
 * its size, checks that its grammar is loaded, lints it (incrementally from `previous`), notes its
 * exports for the templates that link it, and answers. Fixing goes through here too.
 */
import { isAbsolute } from 'node:path';
import type { ResolvedConfig } from './config/config';
import { type CodeLint, fixAllCode } from './code/fix-code';
import { type HandlerOwner, lintForOwners } from './code/owners';
import { type CodeLanguage, codeParsersReady, languageForPath } from './code/parsers';
import { releaseCode } from './code/parse';
import { rememberExports } from './code/resolve-handler';
import { LineIndex } from './parse/ast';
import { readTextFile, unreadableReason } from './read-file';

/** A code file to analyse: its path, and its text when an editor holds it (otherwise it is read from disk). */
export interface CodeInput {
  path: string;
  text?: string;
}

export interface CodeAnalyzeOptions {
  config: ResolvedConfig;
  /** The template functions whose handler the file holds (each finding names them). */
  owners?: readonly HandlerOwner[];
  /** The same open document's last analysis: the parse is incremental, and `previous` is consumed. */
  previous?: CodeLint;
  /** Keep the syntax tree for the next incremental parse (editors; free it with `releaseCodeLint`). */
  keepTree?: boolean;
  /**
   * The paths the templates that link the file name it by (the CLI's, relative to where it runs): its
   * exports are noted under each, as under an absolute `path`, for unit/handler-not-found.
   */
  linkedAs?: readonly string[];
}

export type CodeAnalysis =
  /**
   * Linted; `oversize` when the file is over the size limit (one problem says so, nothing else is
   * read); `notUtf8` when the file on disk is not valid UTF-8 (a problem says where): never fix it.
   */
  | { kind: 'code'; language: CodeLanguage; lint: CodeLint; oversize: boolean; notUtf8?: true }
  /** The file's language has no grammar loaded yet (`initCodeParsers`), or failed to load. */
  | { kind: 'needsParser'; language: CodeLanguage }
  /** Not a code file Ownless reads (by its extension). */
  | { kind: 'notCode' }
  /** The file could not be read: not a regular file, or the file system refused. */
  | { kind: 'unreadable'; reason: string };

const NOWHERE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A lint with nothing in it (a file not analysed). */
export function emptyCodeLint(): CodeLint {
  return { result: { parsed: null, model: null, findings: [], problems: [] }, findings: [] };
}

function oversizeLint(size: number, config: ResolvedConfig): CodeLint {
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  const lint = emptyCodeLint();
  lint.result.problems.push({
    message: `file is ${mb(size)} MB, over the ${mb(config.limits.maxFileSize)} MB limit (maxFileSize): not analysed`,
    range: NOWHERE,
  });
  return lint;
}

/** Analyses a handler code file. */
export function analyzeCode(input: CodeInput, options: CodeAnalyzeOptions): CodeAnalysis {
  const { config } = options;
  const language = languageForPath(input.path);
  if (!language) return { kind: 'notCode' };
  if (!codeParsersReady(language)) {
    if (options.previous) releaseCodeLint(options.previous);
    return { kind: 'needsParser', language };
  }
  const limit = config.limits.maxFileSize;
  let text = input.text;
  let invalidUtf8: number | undefined;
  if (text === undefined) {
    const read = readTextFile(input.path, limit);
    if ('problem' in read) {
      if (read.problem === 'tooLarge')
        return { kind: 'code', language, lint: oversizeLint(read.size, config), oversize: true };
      return { kind: 'unreadable', reason: unreadableReason(read, `${limit} bytes`) };
    }
    text = read.text;
    invalidUtf8 = read.invalidUtf8;
  }
  if (text.length > limit) {
    if (options.previous) releaseCodeLint(options.previous);
    return { kind: 'code', language, lint: oversizeLint(text.length, config), oversize: true };
  }
  const owners = options.owners ?? [];
  const lint = lintForOwners(text, input.path, config, owners, {
    previous: options.previous?.result,
    keepTree: options.keepTree ?? false,
  });
  // Templates that link the file check its exports (unit/handler-not-found) without parsing it again.
  noteExports(input.path, lint, options.linkedAs);
  if (invalidUtf8 === undefined) return { kind: 'code', language, lint, oversize: false };
  const at = (lint.result.model?.lines ?? new LineIndex(text)).position(invalidUtf8);
  lint.result.problems.push({
    message:
      'the file is not valid UTF-8 from here (read as U+FFFD): save it as UTF-8; Ownless will not rewrite it',
    range: { start: at, end: at },
  });
  return { kind: 'code', language, lint, oversize: false, notUtf8: true };
}

/** Templates that link the file check its exports (unit/handler-not-found) without parsing it again. */
function noteExports(path: string, lint: CodeLint, linkedAs: readonly string[] = []): void {
  const model = lint.result.model;
  if (!model) return;
  if (isAbsolute(path)) rememberExports(path.replace(/\\/g, '/'), model);
  for (const name of linkedAs) rememberExports(name, model);
}

/**
 * Applies a code file's safe fixes until none is left, checking each pass by analysing the new text
 * (a pass that breaks the syntax is dropped). Returns the text, its analysis, and whether it changed.
 */
export function fixCode(
  path: string,
  text: string,
  first: CodeLint,
  options: Pick<CodeAnalyzeOptions, 'config' | 'owners' | 'linkedAs'>,
  isCancelled?: () => boolean,
): { text: string; lint: CodeLint; changed: boolean } {
  const owners = options.owners ?? [];
  const relint = (next: string) => lintForOwners(next, path, options.config, owners, { keepTree: false });
  const fixed = fixAllCode(text, first, relint, isCancelled);
  if (fixed.changed) noteExports(path, fixed.lint, options.linkedAs);
  return fixed;
}

/** Frees a kept syntax tree (WebAssembly memory). */
export function releaseCodeLint(lint: CodeLint | undefined): void {
  if (lint?.result.parsed) releaseCode(lint.result.parsed);
}
