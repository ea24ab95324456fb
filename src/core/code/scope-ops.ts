/**
 * Scopes and what a walk does to them: declarations, Python assignments and loop targets,
 * `global`/`nonlocal`, and the log of those operations that a nested statement's walk replays in
 * the scope around it (see nested-walks.ts). The declaration readers (declare-js.ts, declare-python.ts)
 * call the `…Here` functions.
 */
import type { CodeNode } from './code-node';
import type { Binding, BindingKind, CallSite, CodeFamily, FunctionInfo, ImportSource, Scope } from './model';

/**
 * An operation of a nested statement on the scope around it, replayed where the statement is. The
 * binding a declaration made last time is made again from the same object (the previous version's
 * model is no longer read; see code-node.ts).
 */
export type ScopeOp =
  | {
      op: 'declare';
      kind: BindingKind;
      id: CodeNode;
      declaration: CodeNode;
      extra: DeclareExtra | undefined;
      binding?: Binding;
    }
  /** Python: the first assignment in a scope declares the name, later ones are assignments. */
  | { op: 'assign'; id: CodeNode; statement: CodeNode; value: CodeNode | undefined; binding?: Binding }
  /** Python: a loop target declares the name unless it is known (or global) already. */
  | { op: 'loop'; id: CodeNode; statement: CodeNode; iterates: CodeNode | undefined; binding?: Binding }
  | { op: 'pending'; id: CodeNode; statement: CodeNode }
  | { op: 'nonlocal'; name: string };

type DeclareExtra = {
  init?: CodeNode;
  path?: string[];
  import?: ImportSource;
  definition?: CodeNode;
  iterates?: CodeNode;
};

export interface Pending {
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
  pending: Pending[];
}

/**
 * A list filled during a walk, in the array of a list of the previous version that is no longer used
 * when there is one: setting an array's length to 0 gives its storage back, and growing it anew after
 * each keystroke would be most of what a walk of a long function allocates.
 */
export class Refill<T> {
  length = 0;

  constructor(private readonly items: T[] = []) {}

  push(item: T): void {
    const at = this.length++;
    if (at < this.items.length) this.items[at] = item;
    else this.items.push(item);
  }

  /** A copy of the items from `from` on. */
  slice(from: number): T[] {
    return this.items.slice(from, this.length);
  }

  /** The array, cut to the items put in (in place: its storage is kept when it is not much shorter). */
  done(): T[] {
    this.items.length = this.length;
    return this.items;
  }
}

/** A fragment's lists while its statement is walked. */
export interface FragmentLists {
  functions: Refill<FunctionInfo>;
  calls: Refill<CallSite>;
  loops: Refill<CodeNode>;
  assignments: Refill<CodeNode>;
  strings: Refill<CodeNode>;
  comments: Refill<CodeNode>;
  scopes: Refill<[CodeNode, Scope]>;
}

/** What the declaration readers of each language need while walking. */
export interface WalkState {
  family: CodeFamily;
  scope: Scope;
  fn: FunctionInfo | null;
  fragment: FragmentLists;
  /** Assignments to plain names, resolved to their bindings once every declaration is known. */
  pending: Refill<Pending>;
  /** Where the calls and functions made directly in `fn` go (its lists, or `Refill`s of them). */
  fnCalls: { push(call: CallSite): void } | undefined;
  fnInner: { push(fn: FunctionInfo): void } | undefined;
  /** Walk nested statements as reusable units (when the document will be re-analysed incrementally). */
  reuse: boolean;
  /** The stand-in for the context of the nested statement being walked: operations on it are logged. */
  staging: Scope | null;
  ops: ScopeOp[];
  /** The previous version's functions that held the edit, by start (see `reusedFunction` in scopes.ts). */
  previousFunctions: Map<number, FunctionInfo> | undefined;
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
  extra: DeclareExtra = {},
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

/** Declares a name in the scope being walked (logged when it is a nested statement's context). */
export function declareHere(
  state: WalkState,
  kind: BindingKind,
  id: CodeNode,
  declaration: CodeNode,
  extra?: DeclareExtra,
): void {
  if (state.scope === state.staging) state.ops.push({ op: 'declare', kind, id, declaration, extra });
  else declare(state.scope, kind, id, declaration, extra);
}

/** An assignment to a plain name in the scope being walked, resolved once every declaration is known. */
export function assignedHere(state: WalkState, id: CodeNode, statement: CodeNode): void {
  if (state.scope === state.staging) state.ops.push({ op: 'pending', id, statement });
  else state.pending.push({ id, scope: state.scope, statement });
}

/** Python: `x = ...` declares `x` in the scope being walked, unless it is known there (or global) already. */
export function assignNameHere(
  state: WalkState,
  id: CodeNode,
  statement: CodeNode,
  value: CodeNode | undefined,
): void {
  if (state.scope === state.staging) state.ops.push({ op: 'assign', id, statement, value });
  else assignName(state.scope, state.pending, id, statement, value);
}

/** Python: `for x in ...` declares `x` unless it is known (or global) already. */
export function loopTargetHere(
  state: WalkState,
  id: CodeNode,
  statement: CodeNode,
  iterates: CodeNode | undefined,
): void {
  if (state.scope === state.staging) state.ops.push({ op: 'loop', id, statement, iterates });
  else loopTarget(state.scope, id, statement, iterates);
}

/** Python: `global x` / `nonlocal x` in the scope being walked. */
export function nonLocalHere(state: WalkState, name: string): void {
  if (state.scope === state.staging) state.ops.push({ op: 'nonlocal', name });
  else state.scope.nonLocal.add(name);
}

function assignName(
  scope: Scope,
  pending: Refill<Pending>,
  id: CodeNode,
  statement: CodeNode,
  value: CodeNode | undefined,
): void {
  if (scope.nonLocal.has(id.text) || scope.bindings.has(id.text)) pending.push({ id, scope, statement });
  else declare(scope, 'var', id, statement, { init: value });
}

function loopTarget(scope: Scope, id: CodeNode, statement: CodeNode, iterates: CodeNode | undefined): void {
  if (scope.nonLocal.has(id.text) || scope.bindings.has(id.text)) return;
  declare(scope, 'var', id, statement, { iterates });
}

/** `declare` for a replayed operation: the binding it made before is reused when it declares again. */
function redeclare(
  scope: Scope,
  op: { id: CodeNode; binding?: Binding },
  kind: BindingKind,
  declaration: CodeNode,
  extra: DeclareExtra | undefined,
): void {
  const name = op.id.text;
  if (scope.bindings.has(name)) return;
  const binding = op.binding;
  if (binding) {
    if (binding.scope !== scope) binding.scope = scope;
    if (binding.assignments.length > 0) binding.assignments.length = 0;
    scope.bindings.set(name, binding);
  } else op.binding = declare(scope, kind, op.id, declaration, extra);
}

/** Applies a nested statement's operation where it is replayed (logged again in a nested context). */
export function perform(op: ScopeOp, state: WalkState): void {
  if (state.scope === state.staging) {
    state.ops.push(op);
    return;
  }
  const scope = state.scope;
  switch (op.op) {
    case 'declare':
      redeclare(scope, op, op.kind, op.declaration, op.extra);
      break;
    case 'assign':
      if (scope.nonLocal.has(op.id.text) || scope.bindings.has(op.id.text))
        state.pending.push({ id: op.id, scope, statement: op.statement });
      else redeclare(scope, op, 'var', op.statement, { init: op.value });
      break;
    case 'loop':
      if (!scope.nonLocal.has(op.id.text) && !scope.bindings.has(op.id.text))
        redeclare(scope, op, 'var', op.statement, { iterates: op.iterates });
      break;
    case 'pending':
      state.pending.push({ id: op.id, scope, statement: op.statement });
      break;
    case 'nonlocal':
      scope.nonLocal.add(op.name);
      break;
  }
}
