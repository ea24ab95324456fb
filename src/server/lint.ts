/** One document through the core, as the editor needs it: incremental when it can be, null for non-templates. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ResolvedConfig } from '../core/config/config';
import { type LintResult, lintDocument } from '../core/engine';
import { reparseTemplate } from '../core/parse/incremental';
import { isTemplate, mightBeTemplate, oversizeDocument, parseTemplate } from '../core/parse/template';
import type { Host } from '../core/rules/types';

/** How long an answer about a file (its existence, its text) is trusted while typing. */
const EXISTS_TTL_MS = 2000;
const existsCache = new Map<string, { exists: boolean; at: number }>();
const textCache = new Map<string, { text: string | undefined; at: number }>();
/** The text of a file open in the editor (its buffer counts, not the disk), when it is open. */
let openText: (path: string) => string | undefined = () => undefined;

/**
 * File lookups (handler files) cached for a moment: re-analysing a big template after each keystroke
 * would otherwise ask the disk about every function's handler every time. A handler file created or
 * deleted shows up in the findings within EXISTS_TTL_MS (or at once when the template is re-opened).
 * Handler files are read (for unit/handler-not-found's export check) from the editor when open.
 */
export const editorHost: Host = {
  exists(path) {
    const now = Date.now();
    const known = existsCache.get(path);
    if (known && now - known.at < EXISTS_TTL_MS) return known.exists;
    const exists = existsSync(path);
    existsCache.set(path, { exists, at: now });
    return exists;
  },
  readFile(path) {
    const open = openText(path);
    if (open !== undefined) return open;
    const now = Date.now();
    const known = textCache.get(path);
    if (known && now - known.at < EXISTS_TTL_MS) return known.text;
    let text: string | undefined;
    try {
      text = statSync(path).size <= MAX_HANDLER_READ ? readFileSync(path, 'utf8') : undefined;
    } catch {
      text = undefined;
    }
    if (textCache.size >= TEXT_CACHE_SIZE) textCache.clear();
    textCache.set(path, { text, at: now });
    return text;
  },
};
const fsHost = editorHost;

const TEXT_CACHE_SIZE = 1024;
/** Handler files larger than this are not read for the export check (bundles are not handlers we parse). */
const MAX_HANDLER_READ = 5 * 1024 * 1024;

/** Where the host finds the text of documents open in the editor. */
export function readOpenDocumentsWith(read: (path: string) => string | undefined): void {
  openText = read;
}

/** Forgets every cached lookup (files changed on disk). */
export function forgetFileLookups(): void {
  existsCache.clear();
  textCache.clear();
}

function sameLimits(a: ResolvedConfig, b: ResolvedConfig): boolean {
  const x = a.limits;
  const y = b.limits;
  return (
    x.maxFileSize === y.maxFileSize &&
    x.maxDepth === y.maxDepth &&
    x.maxAliases === y.maxAliases &&
    x.maxAliasExpansion === y.maxAliasExpansion
  );
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
  const host = onDisk ? fsHost : undefined;
  if (text.length > config.limits.maxFileSize)
    return lintDocument(oversizeDocument(name, text.length, config.limits), config, host);
  const doc =
    previous && sameLimits(previous.config, config)
      ? reparseTemplate(previous.result.doc, text, config.limits)
      : parseTemplate(text, name, config.limits);
  if (!isTemplate(doc.root) && (doc.problems.length === 0 || !mightBeTemplate(text))) return null;
  return lintDocument(doc, config, host);
}
