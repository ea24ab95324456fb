/**
 * One walk over a file: scopes and their bindings, functions, calls, loops, strings and comments.
 * Block scopes are folded into their function (a `let` in an `if` belongs to the function), which is
 * enough to tell a handler's locals from module-level names.
 *
 * Work is reused at two levels. Each top-level statement gives a fragment (see `walkStatement`), kept
 * by build-model.ts while the statement is unchanged. Inside it, when the document is re-analysed
 * incrementally, each nested statement gives a `Nested` record, kept for as long as the statement's
 * node is (code-node.ts reuses the nodes of unchanged statements): after a keystroke in a 2,000-line
 * function only the statements on the path to the edit are walked again, and the others are replayed
 * into the function being rebuilt. A nested statement is walked against a stand-in for its context
 * (the scope and function around it): what it does to that scope is logged as operations and replayed
 * in order against the real scope (Python's first assignment declares, later ones assign, so the
 * order matters), and what points at the context (calls made in it, functions and scopes defined in
 * it) is pointed at the real context when replayed. The result is the same as one walk of the
 * statement in place (the tests compare the two on random edits).
 */
import { type CodeNode, unwrap } from './code-node';
import type { Binding, CallSite, CodeFamily, FunctionInfo, Scope } from './model';
import { declareJs } from './declare-js';
import { declarePython } from './declare-python';
import { patternNames } from './patterns';
import {
  type Fragment,
  type Pending,
  type ScopeOp,
  type WalkState,
  declare,
  declareHere,
  isFunctionNode,
  lookup,
  newScope,
  perform,
} from './scope-ops';

const LOOPS = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
const ASSIGNMENTS = new Set([
  'assignment_expression',
  'augmented_assignment_expression',
  'assignment',
  'augmented_assignment',
]);

/**
 * What walking a nested statement found, to replay while its node is reused. The lists are its part
 * of the fragment's (in source order); `fn` stands in for the enclosing function during the walk, so
 * its `calls` and `inner` are the calls and functions made directly in the context.
 */
interface Nested {
  node: CodeNode;
  family: CodeFamily;
  /** The class a method statement belongs to (its name is outside the statement). */
  classKey: string | undefined;
  functions: readonly FunctionInfo[];
  calls: readonly CallSite[];
  loops: readonly CodeNode[];
  assignments: readonly CodeNode[];
  strings: readonly CodeNode[];
  comments: readonly CodeNode[];
  scopes: readonly [CodeNode, Scope][];
  /** Assignments to resolve that are inside scopes of the statement. */
  pending: readonly Pending[];
  ops: readonly ScopeOp[];
  fn: FunctionInfo;
  /** Calls whose scope is the context's (not in a Python class body of the statement). */
  contextCalls: CallSite[];
  /** Scopes whose parent is the context's. */
  childScopes: Scope[];
}

/** Nested statements' walks, by node (nodes are per document; a reused node has the same subtree). */
const nestedWalks = new WeakMap<CodeNode, Nested>();

export interface WalkResult {
  moduleScope: Scope;
  scopes: Map<CodeNode, Scope>;
  functions: FunctionInfo[];
  functionsByNode: Map<CodeNode, FunctionInfo>;
  calls: CallSite[];
  loops: CodeNode[];
  assignments: CodeNode[];
  strings: CodeNode[];
  comments: CodeNode[];
}

/**
 * Walks one top-level statement. Module-level names go to `moduleScope` only when fragments are
 * merged. With `reuse`, its nested statements are walked as reusable units (see `Nested`).
 */
export function walkStatement(
  node: CodeNode,
  family: CodeFamily,
  moduleScope: Scope,
  reuse = false,
): Fragment {
  const staging = newScope('module', moduleScope.node, null);
  const fragment: Fragment = {
    node,
    functions: [],
    calls: [],
    loops: [],
    assignments: [],
    strings: [],
    comments: [],
    scopes: [],
    moduleBindings: [],
    pending: [],
  };
  const state: WalkState = {
    family,
    scope: staging,
    fn: null,
    fragment,
    pending: fragment.pending,
    reuse,
    staging: null,
    ops: [],
  };
  visit(node, state);
  for (const [, scope] of fragment.scopes) if (scope.parent === staging) scope.parent = moduleScope;
  for (const call of fragment.calls) if (call.scope === staging) call.scope = moduleScope;
  for (const binding of staging.bindings.values()) {
    binding.scope = moduleScope;
    fragment.moduleBindings.push(binding);
  }
  for (const pending of fragment.pending) if (pending.scope === staging) pending.scope = moduleScope;
  return fragment;
}

/** The model's scopes and lists for one version: the fragments of its statements, in order. */
export function mergeFragments(
  fragments: Fragment[],
  moduleScope: Scope,
  root: CodeNode,
  assigned: Set<Binding>,
): WalkResult {
  moduleScope.node = root;
  moduleScope.bindings.clear();
  // Assignments are found again: forget those of the bindings that had some (`assigned`, kept between versions).
  for (const binding of assigned) binding.assignments.length = 0;
  assigned.clear();
  const touched = assigned;
  for (const fragment of fragments)
    for (const binding of fragment.moduleBindings) {
      const first = moduleScope.bindings.get(binding.name);
      if (!first) moduleScope.bindings.set(binding.name, binding);
      else if (first !== binding) {
        // Declared again at module level (Python `x = 1` ... `x = 2`): a later assignment.
        first.assignments.push(binding.declaration);
        touched.add(first);
      }
    }
  for (const fragment of fragments)
    for (const { id, scope, statement } of fragment.pending) {
      const binding = lookup(scope, id.text);
      if (binding && binding.id !== id) {
        binding.assignments.push(statement);
        touched.add(binding);
      }
    }
  for (const binding of touched) binding.assignments.sort((a, b) => a.start - b.start);
  const result: WalkResult = {
    moduleScope,
    scopes: new Map([[root, moduleScope]]),
    functions: [],
    functionsByNode: new Map(),
    calls: [],
    loops: [],
    assignments: [],
    strings: [],
    comments: [],
  };
  for (const f of fragments) {
    for (const [node, scope] of f.scopes) result.scopes.set(node, scope);
    for (const fn of f.functions) result.functionsByNode.set(fn.node, fn);
  }
  // Each list made at its size (a long function's lists are long: no growing and copying).
  result.functions = concatenated(fragments, (f) => f.functions);
  result.calls = concatenated(fragments, (f) => f.calls);
  result.loops = concatenated(fragments, (f) => f.loops);
  result.assignments = concatenated(fragments, (f) => f.assignments);
  result.strings = concatenated(fragments, (f) => f.strings);
  result.comments = concatenated(fragments, (f) => f.comments);
  return result;
}

function concatenated<T>(fragments: readonly Fragment[], list: (f: Fragment) => readonly T[]): T[] {
  const lists: (readonly T[])[] = [];
  for (const f of fragments) {
    const items = list(f);
    if (items.length > 0) lists.push(items);
  }
  return lists.length === 0 ? [] : lists[0].concat(...lists.slice(1));
}

function visit(node: CodeNode, state: WalkState): void {
  const type = node.type;
  if (type === 'comment') {
    state.fragment.comments.push(node);
    return;
  }
  if (isFunctionNode(node)) {
    visitFunction(node, state);
    return;
  }
  if (type === 'class_definition') {
    visitPythonClass(node, state);
    return;
  }
  if (type === 'call_expression' || type === 'new_expression' || type === 'call') recordCall(node, state);
  else if (LOOPS.has(type)) state.fragment.loops.push(node);
  else if (ASSIGNMENTS.has(type)) state.fragment.assignments.push(node);
  else if (type === 'string' || type === 'template_string') state.fragment.strings.push(node);
  if (state.family === 'node') declareJs(node, state);
  else declarePython(node, state);
  for (const child of node.children) visitChild(child, state);
}

/** Visits a child: a nested statement as a reusable unit when the walk reuses them. */
function visitChild(node: CodeNode, state: WalkState): void {
  if (state.reuse && node.syntax.reusable !== undefined) visitNested(node, state);
  else visit(node, state);
}

/** A nested statement: its walk replayed when its node was walked before, else walked and kept. */
function visitNested(node: CodeNode, state: WalkState): void {
  const classKey = statementClass(node, state.family);
  const known = nestedWalks.get(node);
  if (known && known.family === state.family && known.classKey === classKey) {
    replay(known, state, true);
    return;
  }
  const f = state.fragment;
  const marks = [
    f.functions.length,
    f.calls.length,
    f.loops.length,
    f.assignments.length,
    f.strings.length,
    f.comments.length,
    f.scopes.length,
    state.pending.length,
  ];
  const staging = newScope('function', node, null);
  const fn: FunctionInfo = {
    node,
    name: undefined,
    params: [],
    paramNames: [],
    body: node,
    scope: staging,
    async: false,
    className: undefined,
    enclosing: null,
    immediate: false,
    calls: [],
    inner: [],
  };
  const saved = { scope: state.scope, fn: state.fn, staging: state.staging, ops: state.ops };
  const ops: ScopeOp[] = [];
  state.scope = staging;
  state.fn = fn;
  state.staging = staging;
  state.ops = ops;
  visit(node, state);
  state.scope = saved.scope;
  state.fn = saved.fn;
  state.staging = saved.staging;
  state.ops = saved.ops;
  const calls = tail(f.calls, marks[1]);
  const scopes = tail(f.scopes, marks[6]);
  const contextCalls: CallSite[] = [];
  for (const call of fn.calls) if (call.scope === staging) contextCalls.push(call);
  const childScopes: Scope[] = [];
  for (const [, scope] of scopes) if (scope.parent === staging) childScopes.push(scope);
  const nested: Nested = {
    node,
    family: state.family,
    classKey,
    functions: tail(f.functions, marks[0]),
    calls,
    loops: tail(f.loops, marks[2]),
    assignments: tail(f.assignments, marks[3]),
    strings: tail(f.strings, marks[4]),
    comments: tail(f.comments, marks[5]),
    scopes,
    pending: tail(state.pending, marks[7]),
    ops,
    fn,
    contextCalls,
    childScopes,
  };
  nestedWalks.set(node, nested);
  replay(nested, state, false);
}

const NONE: readonly never[] = [];

function tail<T>(list: T[], from: number): readonly T[] {
  return list.length === from ? NONE : list.slice(from);
}

function append<T>(to: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) to.push(items[i]);
}

/**
 * Puts a nested statement's walk where it is now: its operations on the scope around it, its calls
 * and functions into the enclosing function, its scopes under the enclosing scope; with `lists`, its
 * calls, strings... into the fragment (a statement walked just now has put them there already).
 */
function replay(nested: Nested, state: WalkState, lists: boolean): void {
  if (lists) {
    const f = state.fragment;
    if (nested.functions.length > 0) append(f.functions, nested.functions);
    if (nested.calls.length > 0) append(f.calls, nested.calls);
    if (nested.loops.length > 0) append(f.loops, nested.loops);
    if (nested.assignments.length > 0) append(f.assignments, nested.assignments);
    if (nested.strings.length > 0) append(f.strings, nested.strings);
    if (nested.comments.length > 0) append(f.comments, nested.comments);
    if (nested.scopes.length > 0) append(f.scopes, nested.scopes);
    if (nested.pending.length > 0) append(state.pending, nested.pending);
  }
  const ops = nested.ops;
  for (let i = 0; i < ops.length; i++) perform(ops[i], state);
  const fn = state.fn;
  const calls = nested.fn.calls;
  for (let i = 0; i < calls.length; i++) {
    calls[i].fn = fn;
    if (fn) fn.calls.push(calls[i]);
  }
  const scope = state.scope;
  const contextCalls = nested.contextCalls;
  for (let i = 0; i < contextCalls.length; i++) contextCalls[i].scope = scope;
  const inner = nested.fn.inner;
  for (let i = 0; i < inner.length; i++) {
    inner[i].enclosing = fn;
    if (fn) fn.inner.push(inner[i]);
  }
  const childScopes = nested.childScopes;
  for (let i = 0; i < childScopes.length; i++) childScopes[i].parent = scope;
}

/**
 * What a nested statement's walk depends on outside it: for a method (JavaScript) or a function
 * defined in a class body (Python), the class's name (see `enclosingClassName`).
 */
function statementClass(node: CodeNode, family: CodeFamily): string | undefined {
  if (family === 'node')
    return node.type === 'method_definition' ? enclosingClassName(node, false) : undefined;
  if (node.type !== 'function_definition' && node.type !== 'decorated_definition') return undefined;
  const block = node.parent?.type === 'decorated_definition' ? node.parent.parent : node.parent;
  const cls = block?.type === 'block' ? block.parent : undefined;
  return cls?.type === 'class_definition' ? (cls.field('name')?.text ?? '') : undefined;
}

function recordCall(node: CodeNode, state: WalkState): void {
  const isNew = node.type === 'new_expression';
  const callee = node.field(isNew ? 'constructor' : 'function');
  if (!callee) return;
  const argsNode = node.field('arguments');
  const args = argsNode?.type === 'arguments' || argsNode?.type === 'argument_list' ? argsNode.items : [];
  const target = unwrap(callee);
  const plainName = target?.type === 'identifier';
  const name = plainName
    ? target.text
    : target?.type === 'member_expression'
      ? target.field('property')?.text
      : target?.type === 'attribute'
        ? target.field('attribute')?.text
        : undefined;
  const call: CallSite = { node, callee, args, isNew, fn: state.fn, scope: state.scope, name, plainName };
  state.fragment.calls.push(call);
  state.fn?.calls.push(call);
}

function visitFunction(node: CodeNode, state: WalkState): void {
  const python = state.family === 'python';
  const scope = newScope('function', node, state.scope);
  state.fragment.scopes.push([node, scope]);
  const name = functionName(node);
  const nameNode = node.field('name');
  if (
    nameNode &&
    (node.type === 'function_declaration' ||
      node.type === 'generator_function_declaration' ||
      node.type === 'function_definition')
  ) {
    declareHere(state, 'function', nameNode, node, { definition: node });
  } else if (nameNode && node.type === 'function_expression') {
    declare(scope, 'function', nameNode, node, { definition: node }); // visible only inside itself
  }
  const params = parameterNodes(node);
  const paramNames: string[] = [];
  for (const param of params)
    for (const { id, path } of patternNames(param)) {
      if (id.text === 'this') continue;
      paramNames.push(id.text);
      declare(scope, 'param', id, node, { path: path?.length ? path : undefined });
    }
  const body = node.field('body') ?? node;
  const info: FunctionInfo = {
    node,
    name,
    params,
    paramNames,
    body,
    scope,
    async: node.hasToken('async'),
    className: enclosingClassName(node, python),
    enclosing: state.fn,
    immediate: isImmediatelyCalled(node),
    calls: [],
    inner: [],
  };
  state.fragment.functions.push(info);
  state.fn?.inner.push(info);
  const saved = { scope: state.scope, fn: state.fn };
  state.scope = scope;
  state.fn = info;
  for (const child of node.children) {
    if (child === nameNode && node.type !== 'function_expression') continue;
    visitChild(child, state);
  }
  state.scope = saved.scope;
  state.fn = saved.fn;
}

function visitPythonClass(node: CodeNode, state: WalkState): void {
  const name = node.field('name');
  if (name) declareHere(state, 'class', name, node, { definition: node });
  const scope = newScope('class', node, state.scope);
  state.fragment.scopes.push([node, scope]);
  const saved = state.scope;
  state.scope = scope;
  for (const child of node.children) if (child !== name) visitChild(child, state);
  state.scope = saved;
}

function parameterNodes(node: CodeNode): CodeNode[] {
  const single = node.field('parameter');
  if (single) return [single];
  const list = node.field('parameters');
  return list
    ? list.items.filter((p) => p.type !== 'keyword_separator' && p.type !== 'positional_separator')
    : [];
}

/** The name a function is known by: its own, or the variable, property or export it is assigned to. */
export function functionName(node: CodeNode): string | undefined {
  const own = node.field('name');
  if (own) return own.text;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === 'parenthesized_expression' ||
      parent.type === 'call_expression' ||
      parent.type === 'arguments')
  )
    parent = parent.parent;
  if (!parent) return undefined;
  if (parent.type === 'variable_declarator') return parent.field('name')?.text;
  if (parent.type === 'pair') return parent.field('key')?.text;
  if (parent.type === 'assignment_expression' || parent.type === 'assignment') {
    const left = unwrap(parent.field('left'));
    if (left?.type === 'identifier') return left.text;
    if (left?.type === 'member_expression') return left.field('property')?.text;
    if (left?.type === 'attribute') return left.field('attribute')?.text;
  }
  if (parent.type === 'export_statement' && parent.hasToken('default')) return 'default';
  return undefined;
}

function enclosingClassName(node: CodeNode, python: boolean): string | undefined {
  if (python) {
    const block = node.parent?.type === 'decorated_definition' ? node.parent.parent : node.parent;
    const cls = block?.type === 'block' ? block.parent : undefined;
    return cls?.type === 'class_definition' ? cls.field('name')?.text : undefined;
  }
  if (node.type !== 'method_definition') return undefined;
  const cls = node.parent?.parent;
  return cls?.field('name')?.text;
}

/** `(function () {...})()`, `(async () => {...})()`: the function is called where it is defined. */
function isImmediatelyCalled(node: CodeNode): boolean {
  let current = node;
  while (current.parent?.type === 'parenthesized_expression') current = current.parent;
  const call = current.parent;
  return !!call && call.type === 'call_expression' && call.field('function') === current;
}
