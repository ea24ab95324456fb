/**
 * Where a value comes from: `new S3Client()` is an instance of `@aws-sdk/client-s3`'s S3Client,
 * `boto3.client('lambda')` a call of boto3's `client`, `sleep` a `util.promisify(setTimeout)`.
 * Names are followed through their bindings (imports, `require`, variables, destructuring, lazily
 * assigned module variables, `self.x`/`this.x` attributes), a bounded number of steps.
 */
import { type CodeNode, unwrapAwait } from './code-node';
import { requiredModule } from './declare-js';
import type { Binding, CallMemo, CallSite, CodeModel, FunctionInfo } from './model';
import { isFunctionNode, lookup } from './scope-ops';
import type { Scope } from './model';

export type Origin =
  /** (`dotted`: the dotted name, once `dottedName` has joined it.) */
  | { kind: 'module'; module: string; path: string[]; dotted?: string }
  | { kind: 'global'; path: string[]; dotted?: string }
  | { kind: 'new'; of: Origin; node: CodeNode }
  | { kind: 'call'; of: Origin; node: CodeNode }
  | { kind: 'member'; of: Origin; name: string }
  | { kind: 'function'; fn: FunctionInfo }
  | { kind: 'class'; node: CodeNode; name: string | undefined }
  | { kind: 'param'; binding: Binding }
  | { kind: 'self'; className: string }
  | { kind: 'value'; node: CodeNode }
  | { kind: 'unknown' };

const UNKNOWN: Origin = { kind: 'unknown' };
const MAX_STEPS = 12;

/** The scope a node is in (its innermost function, Python class body, or the module). */
export function scopeOf(model: CodeModel, node: CodeNode): Scope {
  for (let current: CodeNode | null = node.parent; current; current = current.parent) {
    const scope = model.scopes.get(current);
    if (scope) return scope;
  }
  return model.moduleScope;
}

/** The binding an identifier refers to, or undefined for globals and builtins. */
export function bindingOf(model: CodeModel, id: CodeNode): Binding | undefined {
  return lookup(scopeOf(model, id), id.text);
}

/** The innermost function holding a node, or null at module level. */
export function enclosingFunction(model: CodeModel, node: CodeNode): FunctionInfo | null {
  for (let current: CodeNode | null = node.parent; current; current = current.parent)
    if (isFunctionNode(current)) return model.functionsByNode.get(current) ?? null;
  return null;
}

/**
 * Origins already worked out, per model: every rule asks about the same callees, and many callees go
 * through the same few bindings. Those of nodes are kept on the nodes, with the model's stamp. A node
 * or binding being worked out reads as unknown (a cycle).
 */
interface Memo {
  /** Tells this model's memos on nodes and calls (`CodeNode.memo`, `CallSite.memo`) from others'. */
  stamp: number;
  bindings: Map<Binding, Origin>;
  /** Plain globals by name (`Boolean`, `setTimeout`): one origin each, however many calls name them. */
  globals: Map<string, Origin>;
}
const memos = new WeakMap<CodeModel, Memo>();

/**
 * Drops what was worked out for a model (it is worked out again if asked): the previous version's,
 * when the next is analysed, so that it does not outlive the version (see `forgetMemos` in lint.ts).
 */
export function forgetOrigins(model: CodeModel): void {
  memos.delete(model);
  attributeCache.delete(model);
  if (last.model === model) last.model = last.memo = undefined;
}

let stamps = 0;

/** The memo asked for last: the rules ask about one model at a time, many times per call. */
const last: { model: CodeModel | undefined; memo: Memo | undefined } = { model: undefined, memo: undefined };

function memoOf(model: CodeModel): Memo {
  if (last.model === model) return last.memo!;
  let memo = memos.get(model);
  if (!memo) memos.set(model, (memo = { stamp: ++stamps, bindings: new Map(), globals: new Map() }));
  last.model = model;
  last.memo = memo;
  return memo;
}

/**
 * The origin of what a call calls. A callee that is a plain name is looked up from the call's scope,
 * which is the name's (it has no scope of its own), without climbing the tree to find it.
 */
export function calleeOrigin(model: CodeModel, call: CallSite): Origin {
  const callee = call.callee;
  if (callee.type !== 'identifier') return originOf(model, callee);
  const stamp = memoOf(model).stamp;
  const memo = callee.memo;
  if (memo?.stamp === stamp) return memo.origin as Origin;
  const mine = remember(callee, stamp);
  const origin = identifierOrigin(model, callee, call.scope, 0);
  mine.origin = origin;
  return origin;
}

/** A call's memo (see `CallMemo`), emptied when it was for another model. */
export function callMemo(model: CodeModel, call: CallSite): CallMemo {
  const stamp = memoOf(model).stamp;
  const memo = call.memo;
  if (memo.stamp !== stamp) {
    memo.stamp = stamp;
    memo.construction = undefined;
  }
  return memo;
}

export function originOf(model: CodeModel, node: CodeNode | undefined, steps = 0): Origin {
  if (!node) return UNKNOWN;
  const stamp = memoOf(model).stamp;
  const memo = node.memo;
  if (memo?.stamp === stamp) return memo.origin as Origin;
  const mine = remember(node, stamp);
  const origin = resolveOrigin(model, node, steps);
  mine.origin = origin;
  return origin;
}

/** A node's memo for the model of `stamp`, reading as unknown while it is worked out (a cycle). */
function remember(node: CodeNode, stamp: number): { stamp: number; origin: unknown } {
  let memo = node.memo;
  if (!memo) node.memo = memo = { stamp, origin: UNKNOWN };
  else {
    memo.stamp = stamp;
    memo.origin = UNKNOWN;
  }
  return memo;
}

function resolveOrigin(model: CodeModel, node: CodeNode | undefined, steps: number): Origin {
  const expr = unwrapAwait(node);
  if (!expr || steps > MAX_STEPS) return UNKNOWN;
  switch (expr.type) {
    case 'identifier':
      return identifierOrigin(model, expr, scopeOf(model, expr), steps);
    case 'this': {
      const fn = enclosingMethod(model, expr);
      return fn?.className ? { kind: 'self', className: fn.className } : UNKNOWN;
    }
    case 'member_expression':
    case 'attribute': {
      const property = expr.field(expr.type === 'attribute' ? 'attribute' : 'property');
      if (!property) return UNKNOWN;
      const module = expr.type === 'member_expression' ? requiredModule(expr.field('object')) : undefined;
      if (module !== undefined) return { kind: 'module', module, path: [property.text] };
      return member(model, originOf(model, expr.field('object'), steps + 1), property.text, steps);
    }
    case 'call_expression':
    case 'call': {
      const module = requiredModule(expr);
      if (module !== undefined) return { kind: 'module', module, path: [] };
      return { kind: 'call', of: originOf(model, expr.field('function'), steps + 1), node: expr };
    }
    case 'new_expression':
      return { kind: 'new', of: originOf(model, expr.field('constructor'), steps + 1), node: expr };
    case 'class':
    case 'class_declaration':
    case 'class_definition':
      return { kind: 'class', node: expr, name: expr.field('name')?.text };
    default: {
      const fn = model.functionsByNode.get(expr);
      return fn ? { kind: 'function', fn } : { kind: 'value', node: expr };
    }
  }
}

function identifierOrigin(model: CodeModel, id: CodeNode, scope: Scope, steps: number): Origin {
  const name = id.text;
  const binding = lookup(scope, name);
  if (binding) return bindingOrigin(model, binding, steps + 1);
  const { globals } = memoOf(model);
  let origin = globals.get(name);
  if (!origin) globals.set(name, (origin = { kind: 'global', path: [name] }));
  return origin;
}

function member(model: CodeModel, of: Origin, name: string, steps: number): Origin {
  if (of.kind === 'module') return { kind: 'module', module: of.module, path: [...of.path, name] };
  if (of.kind === 'global') return { kind: 'global', path: [...of.path, name] };
  if (of.kind === 'self') {
    const value = classAttributes(model, of.className).get(name);
    if (value) return originOf(model, value, steps + 1);
  }
  return { kind: 'member', of, name };
}

function bindingOrigin(model: CodeModel, binding: Binding, steps: number): Origin {
  const { bindings } = memoOf(model);
  let origin = bindings.get(binding);
  if (!origin) {
    bindings.set(binding, UNKNOWN);
    bindings.set(binding, (origin = resolveBinding(model, binding, steps)));
  }
  return origin;
}

function resolveBinding(model: CodeModel, binding: Binding, steps: number): Origin {
  switch (binding.kind) {
    case 'import': {
      const source = binding.import!;
      const head = source.imported === '*' || source.imported === 'default' ? [] : [source.imported];
      return { kind: 'module', module: source.module, path: [...head, ...(binding.path ?? [])] };
    }
    case 'function': {
      const fn = binding.definition && model.functionsByNode.get(binding.definition);
      return fn ? { kind: 'function', fn } : UNKNOWN;
    }
    case 'class':
      return { kind: 'class', node: binding.definition ?? binding.declaration, name: binding.name };
    case 'param': {
      const fn = model.functionsByNode.get(binding.declaration);
      // Python methods: the first parameter is the instance.
      if (fn?.className && model.family === 'python' && fn.paramNames[0] === binding.name)
        return { kind: 'self', className: fn.className };
      return { kind: 'param', binding };
    }
    default: {
      const value = binding.init ?? firstAssignedValue(binding);
      if (!value || binding.iterates) return UNKNOWN;
      let origin = originOf(model, value, steps + 1);
      for (const name of binding.path ?? []) origin = member(model, origin, name, steps);
      return origin;
    }
  }
}

/** The value of the first assignment to a binding declared without one (`let client; ... client = new X()`). */
function firstAssignedValue(binding: Binding): CodeNode | undefined {
  for (const statement of binding.assignments) {
    const value = assignedValue(statement);
    if (value) return value;
  }
  return undefined;
}

/** The value an assignment stores: `x = v`, `x ??= v`, `x ||= v`, and `x = x ?? v` / `x = x or v`. */
export function assignedValue(statement: CodeNode): CodeNode | undefined {
  if (
    ![
      'assignment_expression',
      'augmented_assignment_expression',
      'assignment',
      'augmented_assignment',
    ].includes(statement.type)
  )
    return undefined;
  if (statement.type.startsWith('augmented') && !['??=', '||='].some((op) => statement.hasToken(op)))
    return undefined;
  const right = unwrapAwait(statement.field('right'));
  const left = statement.field('left')?.text;
  if (
    right &&
    (right.type === 'binary_expression' || right.type === 'boolean_operator') &&
    right.field('left')?.text === left
  )
    return right.field('right');
  return right;
}

function enclosingMethod(model: CodeModel, node: CodeNode): FunctionInfo | null {
  // Arrow functions keep the `this` of the method around them.
  for (let fn = enclosingFunction(model, node); fn; fn = fn.enclosing)
    if (fn.node.type !== 'arrow_function') return fn;
  return null;
}

const attributeCache = new WeakMap<CodeModel, Map<string, Map<string, CodeNode>>>();

/** `this.x = v` / `self.x = v` in a class's methods, and class fields (`x = new Map()`): the first value of each. */
export function classAttributes(model: CodeModel, className: string): Map<string, CodeNode> {
  let byClass = attributeCache.get(model);
  if (!byClass) attributeCache.set(model, (byClass = new Map()));
  let attributes = byClass.get(className);
  if (attributes) return attributes;
  attributes = new Map();
  byClass.set(className, attributes);
  for (const fn of model.functions) {
    if (fn.className !== className) continue;
    if (fn.node.parent?.type === 'class_body') collectFields(fn.node.parent, attributes);
    const self = model.family === 'python' ? fn.paramNames[0] : 'this';
    fn.body.walk((node) => {
      if (node !== fn.body && isFunctionNode(node) && node.type !== 'arrow_function') return false;
      if (node.type !== 'assignment_expression' && node.type !== 'assignment') return true;
      const left = node.field('left');
      const object = left?.field('object');
      const name = left?.field(left.type === 'attribute' ? 'attribute' : 'property')?.text;
      const right = node.field('right');
      if (object?.text === self && name && right && !attributes!.has(name)) attributes!.set(name, right);
      return true;
    });
  }
  return attributes;
}

function collectFields(body: CodeNode, attributes: Map<string, CodeNode>): void {
  for (const member of body.items) {
    if (member.type !== 'field_definition' && member.type !== 'public_field_definition') continue;
    const name = (member.field('property') ?? member.field('name'))?.text;
    const value = member.field('value');
    if (name && value && !attributes.has(name)) attributes.set(name, value);
  }
}

/** `module:member.path` (e.g. `boto3:client`, `@aws-sdk/client-lambda:InvokeCommand`) or `global:setTimeout`. */
export function qualifiedName(origin: Origin): string | undefined {
  if (origin.kind === 'module')
    return origin.path.length ? `${origin.module}:${origin.path.join('.')}` : origin.module;
  if (origin.kind === 'global') return `global:${origin.path.join('.')}`;
  return undefined;
}

/** The qualified name of what an expression evaluates to (see `qualifiedName`). */
export function nameOf(model: CodeModel, node: CodeNode | undefined): string | undefined {
  return qualifiedName(originOf(model, node));
}
