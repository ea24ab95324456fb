/**
 * What the rules read about a handler file: its scopes and bindings (imports included), its
 * functions, every call, the exports, which functions are the handler and which run on every
 * invocation because the handler calls them ("handler scope"), as opposed to module scope, which
 * runs once per execution environment.
 */
import type { LineIndex } from '../parse/ast';
import type { CodeNode } from './code-node';
import type { CodeLanguage } from './parsers';

export type CodeFamily = 'node' | 'python';

export type BindingKind = 'import' | 'const' | 'let' | 'var' | 'function' | 'class' | 'param';

/** Where an imported name comes from: `imported` is '*' for a whole module, 'default', or a member. */
export interface ImportSource {
  module: string;
  imported: string;
}

/** A declared name. */
export interface Binding {
  name: string;
  kind: BindingKind;
  /** The identifier that declares it. */
  id: CodeNode;
  /** The statement (or parameter list) that declares it. */
  declaration: CodeNode;
  /** The value it starts with, when written (`const x = <init>`). */
  init?: CodeNode;
  /** For a destructured name (`const { a: { b } } = init`), the properties leading to it. */
  path?: string[];
  import?: ImportSource;
  /** The function or class it names, for function and class declarations. */
  definition?: CodeNode;
  /** For a loop variable (`for (const r of xs)`, `for r in xs`), what it iterates over. */
  iterates?: CodeNode;
  scope: Scope;
  /** Assignments to the name after its declaration (`x = ...`, `x ??= ...`), in source order. */
  assignments: CodeNode[];
}

export interface Scope {
  kind: 'module' | 'function' | 'class';
  node: CodeNode;
  parent: Scope | null;
  bindings: Map<string, Binding>;
  /** Python `global x` / `nonlocal x` names: assignments to them do not make locals. */
  nonLocal: Set<string>;
}

/** A function, method, arrow or lambda. */
export interface FunctionInfo {
  node: CodeNode;
  /** The declared name, or the name it is assigned or exported to. */
  name: string | undefined;
  params: CodeNode[];
  /** Parameter names in order (destructured parameters contribute every name). */
  paramNames: string[];
  /** The body: a block, or an expression for arrows and lambdas. */
  body: CodeNode;
  scope: Scope;
  async: boolean;
  /** The class it is a method of. */
  className?: string;
  /** The enclosing function, or null at module level (or directly in a class body). */
  enclosing: FunctionInfo | null;
  /** Called where it is defined (`(async () => { ... })()`): it runs when its enclosing code runs. */
  immediate: boolean;
  /** The calls made directly in it (not in the functions nested in it). */
  calls: CallSite[];
  /** The functions defined directly in it. */
  inner: FunctionInfo[];
}

/** A call or `new` expression. */
export interface CallSite {
  node: CodeNode;
  callee: CodeNode;
  /** The arguments, comments left out (spread and keyword arguments included, as written). */
  args: CodeNode[];
  /** How the callee is named: `f` for `f()`, `m` for `a.b.m()`; undefined otherwise (`f()()`). */
  name: string | undefined;
  /** True when the callee is a plain name (which may be an import or a global). */
  plainName: boolean;
  /** How the arguments that are names end (`f` for `f` and `a.f`): those that may pass a function of the file. */
  argNames: readonly string[];
  isNew: boolean;
  /** The innermost enclosing function, or null at module level. */
  fn: FunctionInfo | null;
  scope: Scope;
  /** What the rules' helpers worked out about the call, for one model (see `calleeOrigin` in resolve.ts). */
  memo: CallMemo;
}

/**
 * What is worked out about a call, for the model whose stamp it holds: every rule asks about every
 * call, and a call of a statement that did not change is the same object in the next version.
 */
export interface CallMemo {
  stamp: number;
  /** What it constructs (a `Construction` or null, sdk.ts). */
  construction: unknown;
}

/** An exported name and what it is. */
export interface ExportInfo {
  name: string;
  /** Where the name is exported (the identifier, property or specifier). */
  site: CodeNode;
  /** The exported value, when the export says (a function, an identifier, any expression). */
  value?: CodeNode;
  /** The local name exported (`export { x as handler }`, `module.exports = { handler: x }`). */
  local?: string;
  /** Re-exported from another module (`export { x } from './impl'`, Python `from impl import x`). */
  from?: string;
}

export interface CodeModel {
  path: string;
  language: CodeLanguage;
  family: CodeFamily;
  text: string;
  lines: LineIndex;
  root: CodeNode;
  hasErrors: boolean;
  moduleScope: Scope;
  /** Every scope by its node (CodeNodes are unique per position within one model). */
  scopes: Map<CodeNode, Scope>;
  functions: FunctionInfo[];
  functionsByNode: Map<CodeNode, FunctionInfo>;
  calls: CallSite[];
  /** Loops (for, while, do), in source order. */
  loops: CodeNode[];
  /** Assignments (`=`, `+=`, `??=`...), in source order. */
  assignments: CodeNode[];
  /** String literals (template strings and f-strings included), in source order. */
  strings: CodeNode[];
  /** Comments, in source order. */
  comments: CodeNode[];
  exports: Map<string, ExportInfo>;
  /** True when the file may export names that cannot be listed (`export *`, `module.exports = x`...). */
  openExports: boolean;
  /** The handler functions (resolved from the export names given, or found by convention). */
  handlers: FunctionInfo[];
  /** Functions that run on every invocation: the handlers and what they call in this file, transitively. */
  handlerScope: Set<FunctionInfo>;
}
