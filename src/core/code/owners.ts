/**
 * Which template functions own a handler file, for the CLI and the language server: the handler
 * links of every template grouped by file, and each code finding narrowed to the functions whose
 * handler runs the flagged code (a file can hold the handlers of several functions).
 */
import type { ResolvedConfig } from '../config/config';
import type { Finding } from '../rules/types';
import type { CodeLint } from './fix-code';
import type { HandlerLink } from './handler-links';
import { type LintCodeOptions, lintCode } from './lint';
import { collectHandlerScope, exportedFunction } from './handler-scope';
import type { CodeModel, FunctionInfo } from './model';
import { languageForPath } from './parsers';

/** One function whose handler a code file holds. */
export interface HandlerOwner {
  /** The template, as its caller names it (a path for the CLI, a URI for the server). */
  template: string;
  functionId: string;
  /** The export (Node.js) or module function (Python) the Handler names. */
  exportName: string;
}

/**
 * The handler files of templates' links, each with its owners, in the order first linked. Only files
 * that exist and that `lintCode` reads (JavaScript, TypeScript, Python) are kept.
 */
export function handlerFiles(
  templates: Iterable<{ template: string; links: readonly HandlerLink[] }>,
): Map<string, HandlerOwner[]> {
  const files = new Map<string, HandlerOwner[]>();
  for (const { template, links } of templates) {
    for (const link of links) {
      const { file, exportName, missing } = link.resolution;
      if (missing === 'file' || !languageForPath(file)) continue;
      let owners = files.get(file);
      if (!owners) files.set(file, (owners = []));
      if (!owners.some((o) => o.template === template && o.functionId === link.functionId))
        owners.push({ template, functionId: link.functionId, exportName });
    }
  }
  return files;
}

/** The function ids of owners, without repeats, in order. */
export function ownerIds(owners: readonly HandlerOwner[]): string[] {
  return [...new Set(owners.map((o) => o.functionId))];
}

/** The export names of owners, without repeats, in order. */
export function ownerExports(owners: readonly HandlerOwner[]): string[] {
  return [...new Set(owners.map((o) => o.exportName))];
}

/**
 * Names on each finding only the functions whose handler runs the flagged code, when the file holds
 * the handlers of functions with different exports; code outside every handler's reach (module
 * scope) concerns them all. Findings whose rule named functions itself are left as they are.
 */
export function attributeFindings(
  model: CodeModel | null,
  findings: Finding[],
  owners: readonly HandlerOwner[],
): Finding[] {
  const exportsNamed = ownerExports(owners);
  if (!model || exportsNamed.length < 2) return findings;
  const all = ownerIds(owners);
  const scopes = exportsNamed.map((name) => {
    const info = model.exports.get(name);
    const fn = info && exportedFunction(model, info);
    return {
      ids: ownerIds(owners.filter((o) => o.exportName === name)),
      scope: fn ? collectHandlerScope(model, [fn]) : new Set<FunctionInfo>(),
    };
  });
  return findings.map((finding) => {
    if (finding.functions.length !== all.length || !finding.functions.every((id, i) => id === all[i]))
      return finding;
    const at = model.lines.offset(finding.range.start);
    const ids = new Set<string>();
    for (let fn = innermostFunction(model, at); fn && ids.size === 0; fn = fn.enclosing)
      for (const { ids: owned, scope } of scopes) if (scope.has(fn)) owned.forEach((id) => ids.add(id));
    return ids.size === 0 ? finding : { ...finding, functions: all.filter((id) => ids.has(id)) };
  });
}

/**
 * Lints a code file for the functions that own it: their exports are the handlers (by convention when
 * there are none), and each finding names the functions it concerns. `options.previous` makes the
 * parse incremental (see `lintCode`).
 */
export function lintForOwners(
  text: string,
  path: string,
  config: ResolvedConfig,
  owners: readonly HandlerOwner[],
  options: Pick<LintCodeOptions, 'previous' | 'keepTree'> = {},
): CodeLint {
  const result = lintCode(text, path, config, {
    ...options,
    functions: ownerIds(owners),
    handlers: owners.length ? ownerExports(owners) : undefined,
  });
  return { result, findings: attributeFindings(result.model, result.findings, owners) };
}

/** The innermost function whose text holds the offset. */
function innermostFunction(model: CodeModel, offset: number): FunctionInfo | null {
  let best: FunctionInfo | null = null;
  for (const fn of model.functions) {
    const { start, end } = fn.node;
    if (start <= offset && offset < end && (!best || start >= best.node.start)) best = fn;
  }
  return best;
}
