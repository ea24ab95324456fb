/**
 * One walk over a file: scopes and their bindings, functions, calls, loops, strings and comments.
 * Block scopes are folded into their function (a `let` in an `if` belongs to the function), which is
 * enough to tell a handler's locals from module-level names.
 */
import { type CodeNode, unwrap } from './code-node';
import type { Binding, BindingKind, CallSite, CodeFamily, FunctionInfo, ImportSource, Scope } from './model';
import { declareJs } from './declare-js';
import { declarePython } from './declare-python';
import { patternNames } from './patterns';

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

interface Pending {
  id: CodeNode;
  scope: Scope;
  statement: CodeNode;
}

/**
 * What one top-level statement contributes to the model. It depends on nothing outside the statement
 * (module-level names are merged afterwards), so it is reused as long as the statement is unchanged.
 */
export interface Fragment {
  node: CodeNode;
  functions: FunctionInfo[];
  calls: CallSite[];
  loops: CodeNode[];
  assignments: CodeNode[];
  strings: CodeNode[];
  comments: CodeNode[];
  scopes: [CodeNode, Scope][];
  /** The module-level names it declares, in order. */
  moduleBindings: Binding[];
  /** Every name it declares (their assignments are found again for each version). */
  bindings: Binding[];
  pending: Pending[];
}

/** What the declaration readers of each language need while walking. */
export interface WalkState {
  family: CodeFamily;
  scope: Scope;
  fn: FunctionInfo | null;
  fragment: Fragment;
  /** Assignments to plain names, resolved to their bindings once every declaration is known. */
  pending: Pending[];
}

const JS_FUNCTIONS = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
  'method_definition',
]);
const PY_FUNCTIONS = new Set(['function_definition', 'lambda']);
const LOOPS = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
const ASSIGNMENTS = new Set([
  'assignment_expression',
  'augmented_assignment_expression',
  'assignment',
  'augmented_assignment',
]);

export function isFunctionNode(node: CodeNode): boolean {
  return JS_FUNCTIONS.has(node.type) || PY_FUNCTIONS.has(node.type);
}

export function newScope(kind: Scope['kind'], node: CodeNode, parent: Scope | null): Scope {
  return { kind, node, parent, bindings: new Map(), nonLocal: new Set() };
}

/** Declares a name in a scope (the first declaration wins; later ones are assignments). */
export function declare(
  scope: Scope,
  kind: BindingKind,
  id: CodeNode,
  declaration: CodeNode,
  extra: {
    init?: CodeNode;
    path?: string[];
    import?: ImportSource;
    definition?: CodeNode;
    iterates?: CodeNode;
  } = {},
): Binding {
  const existing = scope.bindings.get(id.text);
  if (existing) return existing;
  const binding: Binding = { name: id.text, kind, id, declaration, scope, assignments: [], ...extra };
  scope.bindings.set(binding.name, binding);
  return binding;
}

/** The binding a name refers to from a scope; Python class bodies are not visible from their methods. */
export function lookup(scope: Scope, name: string): Binding | undefined {
  for (let s: Scope | null = scope, first = true; s; s = s.parent, first = false) {
    if (s.kind === 'class' && !first) continue;
    if (s.nonLocal.has(name)) continue;
    const found = s.bindings.get(name);
    if (found) return found;
  }
  return undefined;
}

/** Walks one top-level statement. Module-level names go to `moduleScope` only when fragments are merged. */
export function walkStatement(node: CodeNode, family: CodeFamily, moduleScope: Scope): Fragment {
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
    bindings: [],
    pending: [],
  };
  const state: WalkState = { family, scope: staging, fn: null, fragment, pending: fragment.pending };
  visit(node, state);
  for (const [, scope] of fragment.scopes) {
    if (scope.parent === staging) scope.parent = moduleScope;
    fragment.bindings.push(...scope.bindings.values());
  }
  for (const binding of staging.bindings.values()) {
    binding.scope = moduleScope;
    fragment.moduleBindings.push(binding);
    fragment.bindings.push(binding);
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
    for (const fn of f.functions) {
      result.functions.push(fn);
      result.functionsByNode.set(fn.node, fn);
    }
    result.calls.push(...f.calls);
    result.loops.push(...f.loops);
    result.assignments.push(...f.assignments);
    result.strings.push(...f.strings);
    result.comments.push(...f.comments);
  }
  return result;
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
  for (const child of node.children) visit(child, state);
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
    declare(state.scope, 'function', nameNode, node, { definition: node });
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
    visit(child, state);
  }
  state.scope = saved.scope;
  state.fn = saved.fn;
}

function visitPythonClass(node: CodeNode, state: WalkState): void {
  const name = node.field('name');
  if (name) declare(state.scope, 'class', name, node, { definition: node });
  const scope = newScope('class', node, state.scope);
  state.fragment.scopes.push([node, scope]);
  const saved = state.scope;
  state.scope = scope;
  for (const child of node.children) if (child !== name) visit(child, state);
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
