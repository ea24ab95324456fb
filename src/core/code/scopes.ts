/**
 * One walk over a file: scopes and their bindings, functions, calls, loops, strings and comments.
 * Block scopes are folded into their function (a `let` in an `if` belongs to the function), which is
 * enough to tell a handler's locals from module-level names.
 *
 * Work is reused at two levels. Each top-level statement gives a fragment (see `walkStatement`), kept
 * by build-model.ts while the statement is unchanged. Inside it, when the document is re-analysed
 * incrementally, the nested statements that did not change are replayed rather than walked again
 * (see nested-walks.ts), and the functions that held the edit are filled again rather than made
 * anew (see `reusedFunction`). The result is the same as one walk of the statement in place (the
 * tests compare the two on random edits).
 */
import { type CodeNode, lastName, unwrap } from './code-node';
import type { Binding, CallSite, CodeFamily, FunctionInfo, Scope } from './model';
import { declareJs } from './declare-js';
import { declarePython } from './declare-python';
import { enclosingClassName, functionName, isImmediatelyCalled, parameterNodes } from './function-shape';
import { visitChildren } from './nested-walks';
import { patternNames } from './patterns';
import {
  type Fragment,
  type FragmentLists,
  Refill,
  type WalkState,
  declare,
  declareHere,
  isFunctionNode,
  lookup,
  newScope,
} from './scope-ops';

const LOOPS = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
const ASSIGNMENTS = new Set([
  'assignment_expression',
  'augmented_assignment_expression',
  'assignment',
  'augmented_assignment',
]);

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
 * merged. With `reuse`, its nested statements are walked as reusable units (see nested-walks.ts), the
 * previous version's functions that held the edit are filled again (see `reusedFunction`), and the
 * lists of the fragment of a statement that changed (`recycled`) are filled again (see `Refill`).
 */
export function walkStatement(
  node: CodeNode,
  family: CodeFamily,
  moduleScope: Scope,
  reuse = false,
  previousFunctions?: Map<number, FunctionInfo>,
  recycled?: Fragment,
): Fragment {
  const staging = newScope('module', moduleScope.node, null);
  const lists: FragmentLists = {
    functions: new Refill(recycled?.functions),
    calls: new Refill(recycled?.calls),
    loops: new Refill(recycled?.loops),
    assignments: new Refill(recycled?.assignments),
    strings: new Refill(recycled?.strings),
    comments: new Refill(recycled?.comments),
    scopes: new Refill(recycled?.scopes),
  };
  const pending = new Refill(recycled?.pending);
  const state: WalkState = {
    family,
    scope: staging,
    fn: null,
    fragment: lists,
    pending,
    fnCalls: undefined,
    fnInner: undefined,
    reuse,
    staging: null,
    ops: [],
    previousFunctions,
  };
  visit(node, state);
  const moduleBindings = recycled?.moduleBindings ?? [];
  moduleBindings.length = 0;
  const fragment: Fragment = {
    node,
    functions: lists.functions.done(),
    calls: lists.calls.done(),
    loops: lists.loops.done(),
    assignments: lists.assignments.done(),
    strings: lists.strings.done(),
    comments: lists.comments.done(),
    scopes: lists.scopes.done(),
    moduleBindings,
    pending: pending.done(),
  };
  for (const [, scope] of fragment.scopes) if (scope.parent === staging) scope.parent = moduleScope;
  for (const call of fragment.calls) if (call.scope === staging) call.scope = moduleScope;
  for (const binding of staging.bindings.values()) {
    binding.scope = moduleScope;
    moduleBindings.push(binding);
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
  visitChildren(node.children, state, visit);
}

function recordCall(node: CodeNode, state: WalkState): void {
  const isNew = node.type === 'new_expression';
  const callee = node.field(isNew ? 'constructor' : 'function');
  if (!callee) return;
  const argsNode = node.field('arguments');
  const args = argsNode?.type === 'arguments' || argsNode?.type === 'argument_list' ? argsNode.items : [];
  const target = unwrap(callee);
  const plainName = target?.type === 'identifier';
  const name = lastName(target);
  const call: CallSite = {
    node,
    callee,
    args,
    isNew,
    fn: state.fn,
    scope: state.scope,
    name,
    plainName,
    argNames: argumentNames(args),
    memo: { stamp: 0, construction: undefined },
  };
  state.fragment.calls.push(call);
  state.fnCalls?.push(call);
}

const NO_NAMES: readonly string[] = [];

function argumentNames(args: readonly CodeNode[]): readonly string[] {
  let names: string[] | undefined;
  for (const arg of args) {
    const name = lastName(unwrap(arg));
    if (name !== undefined) (names ??= []).push(name);
  }
  return names ?? NO_NAMES;
}

function visitFunction(node: CodeNode, state: WalkState): void {
  const python = state.family === 'python';
  const reused = reusedFunction(node, state);
  const scope = reused?.scope ?? newScope('function', node, state.scope);
  if (reused) {
    scope.node = node;
    scope.parent = state.scope;
    scope.bindings.clear();
    scope.nonLocal.clear();
  }
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
  let info: FunctionInfo;
  if (reused) {
    info = reused;
    info.node = node;
    info.name = name;
    info.params = params;
    info.paramNames = paramNames;
    info.body = body;
    info.async = node.hasToken('async');
    info.className = enclosingClassName(node, python);
    info.enclosing = state.fn;
    info.immediate = isImmediatelyCalled(node);
  } else
    info = {
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
  state.fnInner?.push(info);
  const saved = { scope: state.scope, fn: state.fn, fnCalls: state.fnCalls, fnInner: state.fnInner };
  // A function filled again refills its lists (see `Refill`).
  const calls = reused ? new Refill(info.calls) : info.calls;
  const inner = reused ? new Refill(info.inner) : info.inner;
  state.scope = scope;
  state.fn = info;
  state.fnCalls = calls;
  state.fnInner = inner;
  visitChildren(node.children, state, visit, node.type !== 'function_expression' ? nameNode : undefined);
  if (calls instanceof Refill) info.calls = calls.done();
  if (inner instanceof Refill) info.inner = inner.done();
  state.scope = saved.scope;
  state.fn = saved.fn;
  state.fnCalls = saved.fnCalls;
  state.fnInner = saved.fnInner;
}

/**
 * The previous version's record of a function that held the edit, for the function that starts where
 * it did (and is of its type): it is filled again rather than made anew, so that the statements
 * replayed into it find their context as they left it (nothing to write, nothing new for the
 * collector to trace). Each is taken once.
 */
function reusedFunction(node: CodeNode, state: WalkState): FunctionInfo | undefined {
  const previous = state.previousFunctions;
  if (!previous || previous.size === 0) return undefined;
  const start = node.start;
  const fn = previous.get(start);
  if (!fn || fn.node.type !== node.type) return undefined;
  previous.delete(start);
  return fn;
}

/**
 * The functions of the previous version's fragments (of the statements that changed) that held an
 * edit (`[start, oldEnd)` of the old text), by start: those to reuse when the statements holding the
 * edit are walked again.
 */
export function functionsAroundEdit(
  fragments: readonly Fragment[],
  start: number,
  oldEnd: number,
): Map<number, FunctionInfo> {
  const found = new Map<number, FunctionInfo>();
  for (const fragment of fragments) {
    if (!(fragment.node.start < start && fragment.node.end > oldEnd)) continue;
    // In source order: those after the edit's start cannot hold it.
    for (const fn of fragment.functions) {
      const at = fn.node.start;
      if (at >= start) break;
      if (at + fn.node.syntax.length > oldEnd) found.set(at, fn);
    }
  }
  return found;
}

function visitPythonClass(node: CodeNode, state: WalkState): void {
  const name = node.field('name');
  if (name) declareHere(state, 'class', name, node, { definition: node });
  const scope = newScope('class', node, state.scope);
  state.fragment.scopes.push([node, scope]);
  const saved = state.scope;
  state.scope = scope;
  visitChildren(node.children, state, visit, name);
  state.scope = saved;
}
