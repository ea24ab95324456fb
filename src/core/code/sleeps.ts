/**
 * Where code waits: `await new Promise(r => setTimeout(r, ms))`, `timers/promises` setTimeout,
 * `util.promisify(setTimeout)`, the `delay` packages, Python `time.sleep` and `asyncio.sleep`, and
 * the little `sleep(ms)` helpers written around them (a call of the helper waits for its argument).
 * Durations are in seconds: constant, growing (exponential back-off), or unknown.
 */
import { type CodeNode, unwrap, unwrapAwait } from './code-node';
import type { CallSite, CodeModel, FunctionInfo } from './model';
import { type Origin, bindingOf, calleeOrigin, enclosingFunction, originOf } from './resolve';
import { calleeName, dottedName, lastParts, mayCall } from './sdk';
import { constantValue } from './values';

export type Duration =
  | { kind: 'constant'; seconds: number }
  /** Exponential back-off: the first wait, when it can be told. */
  | { kind: 'growing'; firstSeconds: number | undefined }
  | { kind: 'unknown' };

export interface Sleep {
  call: CallSite;
  /** What waits: the `new Promise(...)` around a setTimeout, or the sleeping call. */
  node: CodeNode;
  /** The delay expression, its unit in seconds, and a helper's parameters bound to the call's arguments. */
  delay: CodeNode | undefined;
  unit: number;
  env: ReadonlyMap<string, CodeNode>;
}

/** No parameters bound (shared: a file may have hundreds of sleeps, analysed after each keystroke). */
const NO_ENV: ReadonlyMap<string, CodeNode> = new Map();

/** Functions that wait for their argument: (module member) → unit of the argument, in seconds per unit. */
const SLEEP_FUNCTIONS: Record<string, number> = {
  'timers/promises.setTimeout': 0.001,
  'timers/promises.scheduler.wait': 0.001,
  delay: 0.001,
  'delay.default': 0.001,
  'sleep-promise': 0.001,
  'time.sleep': 1,
  'asyncio.sleep': 1,
  'gevent.sleep': 1,
  'trio.sleep': 1,
};

interface Wrapper {
  /** The delay expression inside the helper, in terms of its parameters. */
  delay: CodeNode;
  unit: number;
  fn: FunctionInfo;
}

/** Every place that waits (its duration is worked out by `sleepDuration`, for the ones that matter). */
export function findSleeps(model: CodeModel): Sleep[] {
  const wrappers = new Map<FunctionInfo, Wrapper>();
  const direct: { call: CallSite; node: CodeNode; delay: CodeNode | undefined; unit: number }[] = [];
  for (const call of model.calls) {
    const found = directSleep(model, call);
    if (found) direct.push({ call, ...found });
  }
  // A helper whose delay is one of its parameters waits as long as its callers say.
  const sleeps: Sleep[] = [];
  for (const sleep of direct) {
    const delay = unwrap(sleep.delay);
    const helper = delay && parameterOwner(model, delay, sleep.call.fn);
    if (helper && delay) wrappers.set(helper, { delay, unit: sleep.unit, fn: helper });
    else
      sleeps.push({
        call: sleep.call,
        node: sleep.node,
        delay: sleep.delay,
        unit: sleep.unit,
        env: NO_ENV,
      });
  }
  const wrapperNames = new Set([...wrappers.keys()].map((fn) => fn.name));
  for (const call of wrappers.size ? model.calls : []) {
    if (!wrapperNames.has(calleeName(call))) continue;
    const origin = calleeOrigin(model, call);
    const wrapper = origin.kind === 'function' ? wrappers.get(origin.fn) : undefined;
    if (!wrapper) continue;
    const env = new Map<string, CodeNode>();
    wrapper.fn.paramNames.forEach((name, i) => {
      if (call.args[i]) env.set(name, call.args[i]);
    });
    sleeps.push({ call, node: call.node, delay: wrapper.delay, unit: wrapper.unit, env });
  }
  return sleeps;
}

const SLEEP_MEMBERS = lastParts([...Object.keys(SLEEP_FUNCTIONS), 'setTimeout']);

function directSleep(
  model: CodeModel,
  call: CallSite,
): { node: CodeNode; delay: CodeNode | undefined; unit: number } | undefined {
  if (call.isNew || !mayCall(call, SLEEP_MEMBERS)) return undefined;
  const origin = calleeOrigin(model, call);
  const name = dottedName(origin);
  if (name !== undefined && name in SLEEP_FUNCTIONS)
    return { node: call.node, delay: call.args[0], unit: SLEEP_FUNCTIONS[name] };
  if (isPromisifiedSetTimeout(model, origin)) return { node: call.node, delay: call.args[0], unit: 0.001 };
  // `new Promise((resolve) => setTimeout(resolve, ms))`: the setTimeout waits for the promise.
  if (isSetTimeout(origin) && !call.isNew) {
    const promise = enclosingPromise(model, call);
    if (promise) return { node: promise, delay: call.args[1], unit: 0.001 };
  }
  return undefined;
}

function isSetTimeout(origin: Origin): boolean {
  const name = dottedName(origin);
  return name === 'setTimeout' || name === 'globalThis.setTimeout' || name === 'timers.setTimeout';
}

function isPromisifiedSetTimeout(model: CodeModel, origin: Origin): boolean {
  if (origin.kind !== 'call' || dottedName(origin.of) !== 'util.promisify') return false;
  const arg = origin.node.field('arguments')?.items[0];
  return isSetTimeout(originOf(model, arg));
}

/** The `new Promise(executor)` whose executor holds the call (directly or in a nested callback). */
function enclosingPromise(model: CodeModel, call: CallSite): CodeNode | undefined {
  for (let fn = call.fn; fn; fn = fn.enclosing) {
    let node = fn.node;
    while (node.parent?.type === 'parenthesized_expression') node = node.parent;
    const args = node.parent;
    const promise = args?.parent;
    if (
      args?.type === 'arguments' &&
      promise?.type === 'new_expression' &&
      dottedName(originOf(model, promise.field('constructor'))) === 'Promise'
    )
      return promise;
  }
  return undefined;
}

/** The function (the call's own or one around it) whose parameter the delay reads, if any. */
function parameterOwner(
  model: CodeModel,
  delay: CodeNode,
  fn: FunctionInfo | null,
): FunctionInfo | undefined {
  let owner: FunctionInfo | undefined;
  delay.walk((n) => {
    if (n.type === 'identifier') {
      const binding = bindingOf(model, n);
      const candidate =
        binding?.kind === 'param' ? model.functionsByNode.get(binding.declaration) : undefined;
      for (let f = fn; f && !owner; f = f.enclosing) if (f === candidate) owner = f;
    }
    return !owner;
  });
  return owner;
}

/** How long a sleep waits. */
export function sleepDuration(model: CodeModel, sleep: Sleep): Duration {
  return durationOf(model, sleep.delay, sleep.unit, sleep.env);
}

/** A delay's duration; `env` maps a helper's parameter names to its caller's arguments. */
function durationOf(
  model: CodeModel,
  delay: CodeNode | undefined,
  unit: number,
  env: ReadonlyMap<string, CodeNode>,
): Duration {
  if (!delay) return { kind: 'unknown' };
  const value = evaluate(model, delay, env, false);
  if (value !== undefined) return { kind: 'constant', seconds: value * unit };
  if (grows(model, delay, env)) {
    const first = evaluate(model, delay, env, true);
    return { kind: 'growing', firstSeconds: first === undefined ? undefined : first * unit };
  }
  return { kind: 'unknown' };
}

/**
 * Evaluates a numeric expression. With `first`, what it is on the first attempt: counters are 0, a
 * variable is its initial value, `Math.min`/`Math.max` are applied, and jitter (`Math.random()`) is 0.
 */
function evaluate(
  model: CodeModel,
  node: CodeNode | undefined,
  env: ReadonlyMap<string, CodeNode>,
  first: boolean,
  depth = 0,
): number | undefined {
  const expr = unwrapAwait(node);
  if (!expr || depth > 12) return undefined;
  if (expr.type === 'identifier' && env.has(expr.text) && bindingOf(model, expr)?.kind === 'param')
    return evaluate(model, env.get(expr.text), NO_ENV, first, depth + 1);
  const constant = constantValue(model, expr);
  if (typeof constant === 'number') return constant;
  if (!first) {
    if (expr.type === 'binary_expression' || expr.type === 'binary_operator') {
      const left = evaluate(model, expr.field('left'), env, first, depth + 1);
      const right = evaluate(model, expr.field('right'), env, first, depth + 1);
      return left === undefined || right === undefined
        ? undefined
        : arithmetic(expr.syntax.tokens[0], left, right);
    }
    return undefined;
  }
  switch (expr.type) {
    case 'identifier': {
      const binding = bindingOf(model, expr);
      if (binding?.init && binding.kind !== 'param')
        return evaluate(model, binding.init, env, first, depth + 1);
      return 0;
    }
    case 'binary_expression':
    case 'binary_operator': {
      const left = evaluate(model, expr.field('left'), env, first, depth + 1);
      const right = evaluate(model, expr.field('right'), env, first, depth + 1);
      return left === undefined || right === undefined
        ? undefined
        : arithmetic(expr.syntax.tokens[0], left, right);
    }
    case 'call_expression':
    case 'call': {
      const name = dottedName(originOf(model, expr.field('function')));
      const args = (expr.field('arguments')?.items ?? []).map((a) =>
        evaluate(model, a, env, first, depth + 1),
      );
      if ((name === 'Math.min' || name === 'min') && args.every((a) => a !== undefined))
        return Math.min(...(args as number[]));
      if ((name === 'Math.max' || name === 'max') && args.every((a) => a !== undefined))
        return Math.max(...(args as number[]));
      return 0; // jitter and the like
    }
    default:
      return undefined;
  }
}

function arithmetic(op: string | undefined, left: number, right: number): number | undefined {
  switch (op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return right === 0 ? undefined : left / right;
    case '**':
      return left ** right;
    case '<<':
      return left * 2 ** right;
    default:
      return undefined;
  }
}

/** True for an exponential delay: `base * 2 ** attempt`, `Math.pow(...)`, `1 << n`, or a variable doubled in a loop. */
function grows(model: CodeModel, delay: CodeNode, env: ReadonlyMap<string, CodeNode>): boolean {
  let growing = false;
  delay.walk((n) => {
    if (
      (n.type === 'binary_expression' || n.type === 'binary_operator') &&
      ['**', '<<'].includes(n.syntax.tokens[0] ?? '')
    )
      growing = true;
    else if (
      (n.type === 'call_expression' || n.type === 'call') &&
      ['Math.pow', 'pow', 'math.pow'].includes(dottedName(originOf(model, n.field('function'))) ?? '')
    )
      growing = true;
    else if (n.type === 'identifier') {
      const argument = env.get(n.text);
      if (argument && grows(model, argument, NO_ENV)) growing = true;
      const binding = bindingOf(model, n);
      if (binding?.assignments.some((a) => a.hasToken('*=') || a.hasToken('<<=') || a.hasToken('**=')))
        growing = true;
    }
    return !growing;
  });
  return growing;
}

const LOOP_TYPES = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);

/** The innermost loop around a node within its function (loops outside the function do not repeat it). */
export function enclosingLoop(model: CodeModel, node: CodeNode): CodeNode | undefined {
  const fn = enclosingFunction(model, node);
  for (let current = node.parent; current && current !== fn?.node; current = current.parent)
    if (LOOP_TYPES.has(current.type) && current.field('body')?.contains(node)) return current;
  return undefined;
}
