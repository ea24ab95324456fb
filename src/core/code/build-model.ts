/**
 * Builds the model of a parsed handler file (see model.ts). Each top-level statement is walked once
 * and its fragment reused for as long as the statement's syntax tree is (see syntax.ts): after a
 * keystroke only the statement being edited is walked again, then the fragments are merged. Within
 * that statement, the nested statements that did not change are replayed rather than walked again
 * (see nested-walks.ts), so a keystroke in one long function does not walk all of it.
 */
import { CodeNode } from './code-node';
import { readExports } from './exports';
import { collectHandlerScope, findHandlers } from './handler-scope';
import type { Binding, CodeFamily, CodeModel, FunctionInfo, Scope } from './model';
import type { ParsedCode } from './parse';
import { type Fragment, newScope } from './scope-ops';
import { functionsAroundEdit, mergeFragments, walkStatement } from './scopes';
import type { StatementCache, SyntaxNode } from './syntax';

export interface ModelOptions {
  /** The handler's export names, when the template says (`app.handler` → `handler`). */
  handlers?: readonly string[];
}

export function familyOf(language: ParsedCode['language']): CodeFamily {
  return language === 'python' ? 'python' : 'node';
}

/** The fragments of one document's latest version, kept with its statement cache. */
interface FragmentStore {
  family: CodeFamily;
  moduleScope: Scope;
  fragments: Map<SyntaxNode, Fragment>;
  /** The bindings that were assigned to in the latest version. */
  assigned: Set<Binding>;
}

const stores = new WeakMap<StatementCache, FragmentStore>();

export function buildCodeModel(parsed: ParsedCode, path: string, options: ModelOptions = {}): CodeModel {
  const family = familyOf(parsed.language);
  let store = stores.get(parsed.cache);
  const root = CodeNode.root(parsed.root, parsed.text, store?.moduleScope.node);
  if (!store || store.family !== family) {
    store = {
      family,
      moduleScope: newScope('module', root, null),
      fragments: new Map(),
      assigned: new Set(),
    };
    stores.set(parsed.cache, store);
  }
  const fragments: Fragment[] = [];
  const current = new Map<SyntaxNode, Fragment>();
  // Nested statements are kept for reuse only when the document will be parsed again incrementally.
  const reuse = parsed.tree !== null;
  // Top-level statements that did not change come back as the same nodes (see code-node.ts), and so
  // does what walking them found.
  const statements = root.children;
  const known = statements.map((statement) => {
    const fragment = store.fragments.get(statement.syntax);
    if (!fragment || fragment.node === statement) return fragment;
    // A comment's node is made anew with its parent's: its fragment (the comment alone) moves to it.
    if (statement.type === 'comment' && fragment.comments[0] === fragment.node) {
      fragment.node = fragment.comments[0] = statement;
      return fragment;
    }
    return undefined;
  });
  // The fragments of the statements that changed: the walks of their new versions take over the
  // functions that held the edit, and the fragments' lists.
  let replaced: Fragment[] = [];
  let around: Map<number, FunctionInfo> | undefined;
  if (reuse && known.includes(undefined)) {
    const kept = new Set(known);
    replaced = [...store.fragments.values()].filter((fragment) => !kept.has(fragment));
    if (parsed.edit) around = functionsAroundEdit(replaced, parsed.edit.start, parsed.edit.oldEnd);
  }
  for (let i = 0; i < statements.length; i++) {
    const fragment =
      known[i] ?? walkStatement(statements[i], family, store.moduleScope, reuse, around, replaced.pop());
    current.set(fragment.node.syntax, fragment);
    fragments.push(fragment);
  }
  store.fragments = current;
  const walk = mergeFragments(fragments, store.moduleScope, root, store.assigned);
  const model: CodeModel = {
    path,
    language: parsed.language,
    family,
    text: parsed.text,
    lines: parsed.lines,
    root,
    hasErrors: parsed.hasErrors,
    ...walk,
    exports: new Map(),
    openExports: false,
    handlers: [],
    handlerScope: new Set(),
  };
  const { exports, open } = readExports(model);
  model.exports = exports;
  model.openExports = open;
  model.handlers = findHandlers(model, options.handlers);
  model.handlerScope = collectHandlerScope(model, model.handlers);
  return model;
}
