/**
 * Builds the model of a parsed handler file (see model.ts). Each top-level statement is walked once
 * and its fragment reused for as long as the statement's syntax tree is (see syntax.ts): after a
 * keystroke only the statement being edited is walked again, then the fragments are merged. Within
 * that statement, the nested statements that did not change are replayed rather than walked again
 * (see scopes.ts), so a keystroke in one long function does not walk all of it.
 */
import { LineIndex } from '../parse/ast';
import { CodeNode } from './code-node';
import { readExports } from './exports';
import { collectHandlerScope, findHandlers } from './handler-scope';
import type { Binding, CodeFamily, CodeModel, Scope } from './model';
import type { ParsedCode } from './parse';
import { type Fragment, newScope } from './scope-ops';
import { mergeFragments, walkStatement } from './scopes';
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
  const root = CodeNode.root(parsed.root, parsed.text);
  let store = stores.get(parsed.cache);
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
  for (const statement of root.children) {
    let fragment = store.fragments.get(statement.syntax);
    if (fragment?.node !== statement) fragment = walkStatement(statement, family, store.moduleScope, reuse);
    current.set(statement.syntax, fragment);
    fragments.push(fragment);
  }
  store.fragments = current;
  const walk = mergeFragments(fragments, store.moduleScope, root, store.assigned);
  const model: CodeModel = {
    path,
    language: parsed.language,
    family,
    text: parsed.text,
    lines: new LineIndex(parsed.text),
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
