/**
 * What a CDK source file's project says of it: the nearest `cdk.json` (its feature flags, under
 * `context`, and its `app` command), and the app's entry file named by that command
 * (`npx ts-node --prefer-ts-exts bin/orders.ts`, `python3 app.py`), where stack classes are given
 * their ids (`new OrdersStack(app, 'OrdersStack')`): the first part of their functions' paths.
 */
import { posix } from 'node:path';
import { unwrap } from '../../code/code-node';
import type { CodeModel } from '../../code/model';
import { constantValue } from '../../code/values';
import { originOf } from '../../code/resolve';
import type { CodeLanguage } from '../../code/parsers';
import { languageForPath } from '../../code/parsers';
import { cdkName } from './cdk-names';

/** Reads a file of the project (undefined when it is not there). */
export type FileReader = (path: string) => string | undefined;

/** Builds the code model of another file of the app; undefined when its grammar is not loaded yet. */
export type ModelReader = (text: string, path: string, language: CodeLanguage) => CodeModel | undefined;

export interface CdkProject {
  /** The cdk.json read, or undefined when none was found above the file. */
  cdkJson: string | undefined;
  /** Its `context` (feature flags among them). */
  context: Readonly<Record<string, unknown>>;
  /** The app's entry file, when the `app` command names one that could be read. */
  entry: string | undefined;
  /** Grammars that were not loaded (the entry file could not be read without them). */
  needs: CodeLanguage[];
}

const NO_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({});
const MAX_LEVELS = 8;

/** The nearest cdk.json above a file, parsed; undefined when none or unreadable. */
function findCdkJson(
  file: string,
  readFile: FileReader,
): { path: string; json: Record<string, unknown> } | undefined {
  let dir = posix.dirname(file);
  for (let i = 0; i < MAX_LEVELS; i++) {
    const path = posix.join(dir, 'cdk.json');
    const text = readFile(path);
    if (text !== undefined) {
      try {
        const json: unknown = JSON.parse(text);
        return json && typeof json === 'object' ? { path, json: json as Record<string, unknown> } : undefined;
      } catch {
        return undefined;
      }
    }
    const up = posix.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** The source file an `app` command runs (`bin/app.ts` of `npx ts-node --prefer-ts-exts bin/app.ts`). */
export function entryOfCommand(command: string): string | undefined {
  const m = /(?:^|\s)([^\s'"]+\.(?:[cm]?[jt]sx?|py))(?=\s|$)/.exec(command);
  return m?.[1];
}

/** Reads the project around a source file. */
export function readProject(file: string, readFile: FileReader | undefined): CdkProject {
  const found = readFile && findCdkJson(file.replace(/\\/g, '/'), readFile);
  if (!found) return { cdkJson: undefined, context: NO_CONTEXT, entry: undefined, needs: [] };
  const context = found.json.context;
  const app = found.json.app;
  const entry = typeof app === 'string' ? entryOfCommand(app) : undefined;
  return {
    cdkJson: found.path,
    context: context && typeof context === 'object' ? (context as Record<string, unknown>) : NO_CONTEXT,
    entry: entry && posix.join(posix.dirname(found.path), entry),
    needs: [],
  };
}

/** True when a feature flag is set in cdk.json (`true` or `"true"`). */
export function flagEnabled(project: CdkProject, flag: string): boolean {
  const value = project.context[flag];
  return value === true || value === 'true';
}

/** The module a relative import names, as a path without extension (`../lib/orders` from `bin/app.ts`). */
function importedPath(entry: string, module: string, python: boolean): string | undefined {
  const dir = posix.dirname(entry);
  if (python) {
    // `from orders.orders_stack import OrdersStack`: a package path from the entry's folder.
    if (module.startsWith('.')) return undefined;
    return posix.join(dir, module.replace(/\./g, '/'));
  }
  if (!module.startsWith('.')) return undefined;
  return posix.join(dir, module);
}

/**
 * The ids the app's entry file gives the stack classes of `file` (`new OrdersStack(app, 'OrdersStack')`),
 * by class name; a class instantiated twice is left out (its functions' paths are ambiguous).
 */
export function stackIdsFor(
  project: CdkProject,
  file: string,
  readFile: FileReader | undefined,
  readModel: ModelReader,
): Map<string, string> {
  const ids = new Map<string, string>();
  const entry = project.entry;
  if (!entry || !readFile) return ids;
  const normalized = file.replace(/\\/g, '/');
  if (entry === normalized) return ids; // the file is the entry: it says it all itself
  const language = languageForPath(entry);
  const text = language && readFile(entry);
  if (!language || text === undefined) return ids;
  const model = readModel(text, entry, language);
  if (!model) {
    project.needs.push(language);
    return ids;
  }
  const stem = normalized.replace(/\.[^./]+$/, '');
  const seen = new Set<string>();
  for (const call of model.calls) {
    if (model.family === 'node' && !call.isNew) continue;
    const callee = unwrap(call.callee);
    if (callee?.type !== 'identifier') continue;
    const origin = originOf(model, callee);
    if (origin.kind !== 'module' || origin.path.length !== 1) continue;
    const path = importedPath(entry, origin.module, model.family === 'python');
    if (path === undefined || path !== stem) continue;
    const args = call.args.filter((a) => a.type !== 'keyword_argument');
    // Stacks at the app's root: `new S(app, 'Id')` where `app` is the App.
    const scope = originOf(model, args[0]);
    if (!(scope.kind === 'new' || scope.kind === 'call')) continue;
    const scopeCallee = scope.node.field(scope.node.type === 'new_expression' ? 'constructor' : 'function');
    if (cdkName(model, scopeCallee) !== 'core.App') continue;
    const id = constantValue(model, args[1]);
    const className = origin.path[0];
    if (typeof id !== 'string') continue;
    if (seen.has(className)) ids.delete(className);
    else ids.set(className, id);
    seen.add(className);
  }
  return ids;
}
