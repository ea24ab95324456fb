/**
 * From a template's Runtime, Handler and code folder to the handler's source: the file (Node.js
 * `path/file.export` → `path/file.js|.mjs|.cjs|.ts|...`, Python `pkg/module.function` or
 * `pkg.module.function` → `pkg/module.py`), the export, and where it is defined.
 */
import { posix } from 'node:path';
import type { Range } from '../parse/ast';
import type { Host } from '../rules/types';
import { buildCodeModel } from './build-model';
import { exportedFunction } from './handler-scope';
import type { CodeModel, ExportInfo } from './model';
import { parseCode } from './parse';
import { type CodeLanguage, codeParsersReady, languageForPath } from './parsers';

export interface HandlerResolution {
  /** The handler file (the code folder joined with its relative path), or the first candidate when none exists. */
  file: string;
  /** The export (Node.js) or module attribute (Python) the handler names. */
  exportName: string;
  /** True when the file exists and, if it could be read and parsed, defines the export. */
  found: boolean;
  /** What is certainly missing: the file, or the export of a file that was read and parsed cleanly. */
  missing?: 'file' | 'export';
  /** Where the handler is defined (or exported), when the file was read. */
  location?: Range;
  language?: CodeLanguage;
}

/**
 * Candidate source files for a handler, relative to the code folder, by runtime family. TypeScript
 * sources count: a build step (`sam build` with esbuild, or tsc) turns them into the JavaScript the
 * handler names. Undefined for runtimes whose handler names no file (Java, .NET, Go, provided).
 */
export function handlerCandidates(runtime: string, handler: string): string[] | undefined {
  if (runtime.startsWith('nodejs')) {
    const dot = handler.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const base = handler.slice(0, dot);
    return ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'].map((ext) => base + ext);
  }
  if (runtime.startsWith('python')) {
    const dot = handler.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const module = handler.slice(0, dot).replace(/\./g, '/');
    // A module may also be a package: `orders.handler` can live in orders/__init__.py.
    return [`${module}.py`, `${module}/__init__.py`];
  }
  if (runtime.startsWith('ruby')) {
    // `path/file.method` or `path/file.Module::Class.method`: the file is everything before the first dot.
    const dot = handler.indexOf('.');
    return dot > 0 ? [`${handler.slice(0, dot)}.rb`] : undefined;
  }
  return undefined;
}

/** The name after the last dot: the export (Node.js), the function (Python), the method (Ruby). */
export function handlerExportName(handler: string): string {
  return handler.slice(handler.lastIndexOf('.') + 1);
}

/**
 * Resolves a handler in a code folder. Undefined for runtimes without a handler file. The export is
 * checked only when the host can read files and the file's grammar is loaded (`initCodeParsers()`);
 * otherwise the host is told which grammar was wanted (`Host.wantParser`).
 */
export function resolveHandler(
  codeDir: string,
  runtime: string,
  handler: string,
  host: Host,
): HandlerResolution | undefined {
  const candidates = handlerCandidates(runtime, handler);
  if (!candidates) return undefined;
  const exportName = handlerExportName(handler);
  const file = candidates.map((c) => posix.join(codeDir, c)).find((path) => host.exists(path));
  if (!file) return { file: posix.join(codeDir, candidates[0]), exportName, found: false, missing: 'file' };
  const language = languageForPath(file);
  if (language && host.readFile && !codeParsersReady(language)) host.wantParser?.(language);
  const text = language && host.readFile && codeParsersReady(language) ? host.readFile(file) : undefined;
  if (!language || text === undefined) return { file, exportName, found: true, language };
  const summary = exportsSummary(file, text, language);
  const location = summary.exports.get(exportName);
  if (location === undefined) {
    // A file that exports names we cannot list, or that does not parse, may still have the export.
    return { file, exportName, found: false, missing: summary.certain ? 'export' : undefined, language };
  }
  return { file, exportName, found: true, location, language };
}

/** Where an export is defined: the function's own name, or the variable it is declared in, else the exported name. */
export function exportLocation(model: CodeModel, info: ExportInfo): Range {
  const fn = exportedFunction(model, info);
  const declarator =
    fn?.node.parent?.type === 'variable_declarator' ? fn.node.parent.field('name') : undefined;
  const at = fn?.node.field('name') ?? declarator ?? info.site;
  return model.lines.range(at.start, at.end);
}

/** What resolving needs of a handler file: where each export is defined, and whether that list is complete. */
export interface ExportsSummary {
  text: string;
  exports: Map<string, Range>;
  /** True when the file parsed cleanly and lists every export (no `export *`, `module.exports = x`...). */
  certain: boolean;
}

/**
 * Handler files by path, summarised while their text is unchanged: templates are re-linted on every
 * keystroke, and a big one links hundreds of handler files. Only the summary is kept, not the model.
 */
const summaryCache = new Map<string, ExportsSummary>();
const SUMMARY_CACHE_SIZE = 4096;

function exportsSummary(file: string, text: string, language: CodeLanguage): ExportsSummary {
  const cached = summaryCache.get(file);
  if (cached && cached.text === text) return cached;
  const parsed = parseCode(text, language, undefined, undefined, { keepTree: false });
  return rememberExports(file, buildCodeModel(parsed, file, { handlers: [] }));
}

/**
 * Notes the exports of a handler file's model, built anyway (the CLI and the editor lint handler
 * files), so that checking the templates' handlers does not parse the same text again.
 */
export function rememberExports(file: string, model: CodeModel): ExportsSummary {
  const exports = new Map<string, Range>();
  for (const [name, info] of model.exports) exports.set(name, exportLocation(model, info));
  const summary = { text: model.text, exports, certain: !model.openExports && !model.hasErrors };
  summaryCache.delete(file);
  summaryCache.set(file, summary);
  if (summaryCache.size > SUMMARY_CACHE_SIZE) summaryCache.delete(summaryCache.keys().next().value!);
  return summary;
}
