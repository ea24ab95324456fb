/**
 * Reuse inside a top-level statement (see scopes.ts for the walk). When the document is re-analysed
 * incrementally, each nested statement gives a `Nested` record, kept with the statement for as long
 * as its node is reused (code-node.ts reuses the nodes of unchanged statements): after a keystroke in
 * a 2,000-line function only the statements on the path to the edit are walked again, and the others
 * are replayed into the function being rebuilt. A nested statement is walked against a stand-in for
 * its context (the scope and function around it): what it does to that scope is logged as operations
 * and replayed in order against the real scope (Python's first assignment declares, later ones
 * assign, so the order matters), and what points at the context (calls made in it, functions and
 * scopes defined in it) is pointed at the real context when replayed.
 *
 * Statements replayed one after another are then kept together as a `Run`, replayed at once while
 * they are all still there: a keystroke in one statement of a long function replays the runs before
 * and after it, not each statement. The result is the same as one walk of the statement in place
 * (the tests compare the two on random edits).
 */
import type { CodeNode } from './code-node';
import { enclosingClassName } from './function-shape';
import type { CallSite, CodeFamily, FunctionInfo, Scope } from './model';
import { type Pending, type Refill, type ScopeOp, type WalkState, newScope, perform } from './scope-ops';
import type { SyntaxNode } from './syntax';

/** What walking nested statements found, to replay where they are now. The lists are in source order. */
interface Walked {
  functions: readonly FunctionInfo[];
  calls: readonly CallSite[];
  loops: readonly CodeNode[];
  assignments: readonly CodeNode[];
  strings: readonly CodeNode[];
  scopes: readonly [CodeNode, Scope][];
  /** Assignments to resolve that are inside scopes of the statements. */
  pending: readonly Pending[];
  /** What they do to the scope around them, in order. */
  ops: readonly ScopeOp[];
  /** The calls made directly in the context (not in the functions they define). */
  directCalls: readonly CallSite[];
  /** The functions defined directly in the context. */
  directFunctions: readonly FunctionInfo[];
  /** Calls whose scope is the context's (not in a Python class body of theirs). */
  contextCalls: readonly CallSite[];
  /** Scopes whose parent is the context's. */
  childScopes: readonly Scope[];
}

/** One nested statement's walk. */
interface Nested extends Walked {
  node: CodeNode;
  family: CodeFamily;
  /** The class a method statement belongs to (its name is outside the statement). */
  classKey: string | undefined;
  comments: readonly CodeNode[];
}

/**
 * Children replayed together: statements, known by syntax, and the comments between them (null in
 * `members`: any comment will do, as a comment adds only itself). A comment's place in `comments`
 * holds its index from the run's first child: its node, made anew with its parent's, is taken from
 * the children when the run is replayed.
 */
interface Run extends Walked {
  family: CodeFamily;
  members: readonly (SyntaxNode | null)[];
  comments: readonly (CodeNode | number)[];
}

/** Fewer children than this are replayed one by one (a run copies its members' lists once). */
const MIN_RUN = 16;

type Visit = (node: CodeNode, state: WalkState) => void;

/**
 * Visits the children of a node being walked (but `skip`): nested statements as reusable units when
 * the walk reuses them, and runs of them at once where they were replayed together last time.
 */
export function visitChildren(
  children: readonly CodeNode[],
  state: WalkState,
  visit: Visit,
  skip?: CodeNode,
): void {
  if (!state.reuse) {
    for (const child of children) if (child !== skip) visit(child, state);
    return;
  }
  // Where the children replayed one by one since the last one walked (or run replayed) start.
  let from = -1;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    const slot = child.syntax.statement;
    if (!slot) {
      if (child === skip) from = closeRun(children, from, i, state.family);
      else if (child.type === 'comment' && from >= 0) visit(child, state);
      else {
        from = closeRun(children, from, i, state.family);
        visit(child, state);
      }
      continue;
    }
    const run = slot.run as Run | undefined;
    if (run && holds(run, children, i, state.family)) {
      from = closeRun(children, from, i, state.family);
      replayRun(run, children, i, state);
      i += run.members.length - 1;
    } else if (visitNested(child, state, visit) && groupable(child, state.family)) {
      if (from < 0) from = i;
    } else from = closeRun(children, from, i, state.family);
  }
  closeRun(children, from, children.length, state.family);
}

/** A nested statement: its walk replayed when its node was walked before (true), else walked and kept. */
function visitNested(node: CodeNode, state: WalkState, visit: Visit): boolean {
  const classKey = statementClass(node, state.family);
  // Kept with the statement (nodes are per document; a reused node has the same subtree).
  const slot = node.syntax.statement!;
  const known = slot.walk as Nested | undefined;
  if (known && known.node === node && known.family === state.family && known.classKey === classKey) {
    replay(known, state, true);
    if (known.comments.length > 0) append(state.fragment.comments, known.comments);
    return true;
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
  const saved = {
    scope: state.scope,
    fn: state.fn,
    fnCalls: state.fnCalls,
    fnInner: state.fnInner,
    staging: state.staging,
    ops: state.ops,
  };
  const ops: ScopeOp[] = [];
  state.scope = staging;
  state.fn = fn;
  state.fnCalls = fn.calls;
  state.fnInner = fn.inner;
  state.staging = staging;
  state.ops = ops;
  visit(node, state);
  state.scope = saved.scope;
  state.fn = saved.fn;
  state.fnCalls = saved.fnCalls;
  state.fnInner = saved.fnInner;
  state.staging = saved.staging;
  state.ops = saved.ops;
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
    calls: tail(f.calls, marks[1]),
    loops: tail(f.loops, marks[2]),
    assignments: tail(f.assignments, marks[3]),
    strings: tail(f.strings, marks[4]),
    comments: tail(f.comments, marks[5]),
    scopes,
    pending: tail(state.pending, marks[7]),
    ops,
    directCalls: fn.calls,
    directFunctions: fn.inner,
    contextCalls,
    childScopes,
  };
  slot.walk = nested;
  replay(nested, state, false);
  return false;
}

/** True when a run's members are the children from `at` on. */
function holds(run: Run, children: readonly CodeNode[], at: number, family: CodeFamily): boolean {
  const members = run.members;
  if (run.family !== family || at + members.length > children.length) return false;
  for (let i = 0; i < members.length; i++) {
    const child = children[at + i];
    if (members[i] === null ? child.type !== 'comment' : child.syntax !== members[i]) return false;
  }
  return true;
}

/** Statements whose walk depends on nothing outside them: those that are no method (see `statementClass`). */
function groupable(node: CodeNode, family: CodeFamily): boolean {
  const type = node.type;
  return family === 'node'
    ? type !== 'method_definition'
    : type !== 'function_definition' && type !== 'decorated_definition';
}

/**
 * Keeps the children `[from, end)`, replayed one by one, as a run (when there are enough), with the
 * first one; returns -1 (no children pending).
 */
function closeRun(children: readonly CodeNode[], from: number, end: number, family: CodeFamily): number {
  if (from < 0 || end - from < MIN_RUN) return -1;
  const parts: (Nested | number)[] = [];
  for (let i = from; i < end; i++) {
    const walk = children[i].syntax.statement?.walk as Nested | undefined;
    parts.push(walk ?? i - from);
  }
  const walks = parts.filter((p): p is Nested => typeof p !== 'number');
  const joined = <T>(list: (w: Nested) => readonly T[]): T[] => ([] as T[]).concat(...walks.map(list));
  const comments: (CodeNode | number)[] = [];
  for (const part of parts) {
    if (typeof part === 'number') comments.push(part);
    else if (part.comments.length > 0) append(comments, part.comments);
  }
  const run: Run = {
    family,
    members: children.slice(from, end).map((c) => (c.syntax.statement ? c.syntax : null)),
    functions: joined((w) => w.functions),
    calls: joined((w) => w.calls),
    loops: joined((w) => w.loops),
    assignments: joined((w) => w.assignments),
    strings: joined((w) => w.strings),
    comments,
    scopes: joined((w) => w.scopes),
    pending: joined((w) => w.pending),
    ops: joined((w) => w.ops),
    directCalls: joined((w) => w.directCalls),
    directFunctions: joined((w) => w.directFunctions),
    contextCalls: joined((w) => w.contextCalls),
    childScopes: joined((w) => w.childScopes),
  };
  children[from].syntax.statement!.run = run;
  return -1;
}

function replayRun(run: Run, children: readonly CodeNode[], at: number, state: WalkState): void {
  replay(run, state, true);
  const comments = state.fragment.comments;
  for (const comment of run.comments)
    comments.push(typeof comment === 'number' ? children[at + comment] : comment);
}

const NONE: readonly never[] = [];

function tail<T>(list: Refill<T>, from: number): readonly T[] {
  return list.length === from ? NONE : list.slice(from);
}

function append<T>(to: { push(item: T): void }, items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) to.push(items[i]);
}

/**
 * Puts what nested statements' walk found where they are now: their operations on the scope around
 * them, their calls and functions into the enclosing function, their scopes under the enclosing
 * scope; with `lists`, their calls, strings... into the fragment (statements walked just now have put
 * them there already). Comments are the caller's.
 */
function replay(walked: Walked, state: WalkState, lists: boolean): void {
  if (lists) {
    const f = state.fragment;
    if (walked.functions.length > 0) append(f.functions, walked.functions);
    if (walked.calls.length > 0) append(f.calls, walked.calls);
    if (walked.loops.length > 0) append(f.loops, walked.loops);
    if (walked.assignments.length > 0) append(f.assignments, walked.assignments);
    if (walked.strings.length > 0) append(f.strings, walked.strings);
    if (walked.scopes.length > 0) append(f.scopes, walked.scopes);
    if (walked.pending.length > 0) append(state.pending, walked.pending);
  }
  const ops = walked.ops;
  for (let i = 0; i < ops.length; i++) perform(ops[i], state);
  // The context is usually the one they were replayed into last time (see `reusedFunction` in
  // scopes.ts): only what differs is written.
  const fn = state.fn;
  const calls = walked.directCalls;
  for (let i = 0; i < calls.length; i++) {
    if (calls[i].fn !== fn) calls[i].fn = fn;
    state.fnCalls?.push(calls[i]);
  }
  const scope = state.scope;
  const contextCalls = walked.contextCalls;
  for (let i = 0; i < contextCalls.length; i++)
    if (contextCalls[i].scope !== scope) contextCalls[i].scope = scope;
  const inner = walked.directFunctions;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i].enclosing !== fn) inner[i].enclosing = fn;
    state.fnInner?.push(inner[i]);
  }
  const childScopes = walked.childScopes;
  for (let i = 0; i < childScopes.length; i++)
    if (childScopes[i].parent !== scope) childScopes[i].parent = scope;
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
