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
import type { CodeModel } from './model';
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
 * checked only when the host can read files and `initCodeParsers()` has finished.
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
  const text = language && host.readFile && codeParsersReady() ? host.readFile(file) : undefined;
  if (!language || text === undefined) return { file, exportName, found: true, language };
  const model = exportsModel(file, text, language);
  const info = model.exports.get(exportName);
  if (!info) {
    // A file that exports names we cannot list, or that does not parse, may still have the export.
    const certain = !model.openExports && !model.hasErrors;
    return { file, exportName, found: false, missing: certain ? 'export' : undefined, language };
  }
  const fn = exportedFunction(model, info);
  // The function's own name, or the variable it is declared in, else the exported name.
  const declarator =
    fn?.node.parent?.type === 'variable_declarator' ? fn.node.parent.field('name') : undefined;
  const at = fn?.node.field('name') ?? declarator ?? info.site;
  return { file, exportName, found: true, location: model.lines.range(at.start, at.end), language };
}

/** Parsed handler files by path, kept while their text is unchanged (templates are re-linted on every keystroke). */
const modelCache = new Map<string, { text: string; model: CodeModel }>();
const MODEL_CACHE_SIZE = 64;

function exportsModel(file: string, text: string, language: CodeLanguage): CodeModel {
  const cached = modelCache.get(file);
  if (cached && cached.text === text) return cached.model;
  const parsed = parseCode(text, language, undefined, undefined, { keepTree: false });
  const model = buildCodeModel(parsed, file, { handlers: [] });
  modelCache.delete(file);
  modelCache.set(file, { text, model });
  if (modelCache.size > MODEL_CACHE_SIZE) modelCache.delete(modelCache.keys().next().value!);
  return model;
}
