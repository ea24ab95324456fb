/** One document through the core, as the editor needs it: incremental when it can be, null for non-templates. */
import {
  analyzeFile,
  type GrammarNeed,
  type FileInput,
  type Host,
  type LintResult,
  readTextFile,
  type ResolvedConfig,
} from '../core';
import { existsSync } from 'node:fs';

/** How long an answer about a file (its existence, its text) is used before it is checked again. */
const EXISTS_TTL_MS = 2000;
interface Known<T> {
  value: T;
  at: number;
}
const existsCache = new Map<string, Known<boolean>>();
const textCache = new Map<string, Known<string | undefined>>();
/** The text of a file open in the editor (its buffer counts, not the disk), when it is open. */
let openText: (path: string) => string | undefined = () => undefined;
/** Told when a re-check found that a file appeared, went, or changed. */
let lookupsChanged: () => void = () => undefined;
/** Counts the times cached answers were dropped or found out of date (what was derived from them is stale). */
let lookupsGeneration = 0;

/** Changes whenever an answer of `editorHost` may have changed. */
export function fileLookupsGeneration(): number {
  return lookupsGeneration;
}

/** What was derived from lookups is stale although no answer changed (code parsers were loaded since). */
export function staleFileLookups(): void {
  lookupsGeneration++;
}

/**
 * File lookups (handler files), cached: re-analysing a big template after each keystroke would
 * otherwise ask the disk about every function's handler every time. An answer older than
 * EXISTS_TTL_MS is still used, and checked again in the background in small batches (never in the
 * middle of an analysis: a big template's thousands of lookups would all expire on the same
 * keystroke); when an answer changed, `lookupsChanged` re-analyses what depends on it. File watcher
 * events drop every answer at once (`forgetFileLookups`). Handler files are read (for
 * unit/handler-not-found's export check) from the editor when open.
 */
export const editorHost: Host = {
  exists(path) {
    const known = existsCache.get(path);
    if (known) {
      if (Date.now() - known.at >= EXISTS_TTL_MS) queueRecheck(path);
      return known.value;
    }
    const exists = existsSync(path);
    existsCache.set(path, { value: exists, at: Date.now() });
    return exists;
  },
  readFile(path) {
    const open = openText(path);
    if (open !== undefined) return open;
    const known = textCache.get(path);
    if (known) {
      if (Date.now() - known.at >= EXISTS_TTL_MS) queueRecheck(path);
      return known.value;
    }
    const text = readHandler(path);
    if (textCache.size >= TEXT_CACHE_SIZE) textCache.clear();
    textCache.set(path, { value: text, at: Date.now() });
    return text;
  },
};
const fsHost = editorHost;

const TEXT_CACHE_SIZE = 1024;
/** Handler files larger than this are not read for the export check (bundles are not handlers we parse). */
const MAX_HANDLER_READ = 5 * 1024 * 1024;
/** Lookups re-checked per turn of the event loop (a few milliseconds at most). */
const RECHECK_BATCH = 200;

/** A handler file's text: regular files only, bounded while reading (a workspace may be hostile). */
function readHandler(path: string): string | undefined {
  const read = readTextFile(path, MAX_HANDLER_READ);
  return 'text' in read ? read.text : undefined;
}

const recheck = new Set<string>();
let recheckScheduled = false;
let recheckFoundChange = false;

function queueRecheck(path: string): void {
  recheck.add(path);
  if (recheckScheduled) return;
  recheckScheduled = true;
  setImmediate(recheckBatch);
}

/** Checks a batch of stale answers against the disk; the next batch waits for the next turn. */
function recheckBatch(): void {
  let n = 0;
  for (const path of recheck) {
    if (n++ === RECHECK_BATCH) break;
    recheck.delete(path);
    const now = Date.now();
    const exists = existsCache.get(path);
    if (exists && now - exists.at >= EXISTS_TTL_MS) {
      const value = existsSync(path);
      if (value !== exists.value) recheckFoundChange = true;
      existsCache.set(path, { value, at: now });
    }
    const text = textCache.get(path);
    if (text && now - text.at >= EXISTS_TTL_MS) {
      const value = readHandler(path);
      if (value !== text.value) recheckFoundChange = true;
      textCache.set(path, { value, at: now });
    }
  }
  if (recheck.size) {
    setImmediate(recheckBatch);
    return;
  }
  recheckScheduled = false;
  if (recheckFoundChange) {
    recheckFoundChange = false;
    lookupsGeneration++;
    lookupsChanged();
  }
}

/** Where the host finds the text of documents open in the editor. */
export function readOpenDocumentsWith(read: (path: string) => string | undefined): void {
  openText = read;
}

/** What to do when a background re-check finds that a file looked up before has changed. */
export function onFileLookupsChanged(listener: () => void): void {
  lookupsChanged = listener;
}

/** Forgets every cached lookup (files changed on disk). */
export function forgetFileLookups(): void {
  existsCache.clear();
  textCache.clear();
  recheck.clear();
  lookupsGeneration++;
}

export interface PreviousLint {
  result: LintResult;
  config: ResolvedConfig;
}

/**
 * Lints a document's text. Returns null for files that are not templates: a YAML or JSON file that
 * parses and is no template, or one that does not parse and does not even look like one (a broken
 * workflow file is not ours to report).
 */
export function lintForEditor(
  text: string,
  name: string,
  config: ResolvedConfig,
  onDisk: boolean,
  previous?: PreviousLint,
): LintResult | null {
  return analyzeForEditor({ path: name, text }, config, onDisk, previous).result;
}

/** What the editor keeps of an analysis: the result (null for a file that is no template), and the grammars it wanted. */
export interface EditorAnalysis {
  result: LintResult | null;
  needs: GrammarNeed[];
}

/** Analyses a document's buffer for the editor, through the core's front door. */
export function analyzeForEditor(
  input: FileInput,
  config: ResolvedConfig,
  onDisk: boolean,
  previous?: PreviousLint,
): EditorAnalysis {
  const analysis = analyzeFile(input, { config, host: onDisk ? fsHost : undefined, previous });
  if (analysis.kind === 'needsParsers') return { result: null, needs: analysis.needs };
  return analysis.kind === 'template' ? analysis : { result: null, needs: [] };
}
