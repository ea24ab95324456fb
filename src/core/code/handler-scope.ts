/**
 * Which functions are the handler, and which run on every invocation: the handler, what is nested
 * in it (callbacks), and what it calls in the same file (functions, constructors and methods of
 * classes defined there), transitively up to a depth. Everything else at the top level runs once,
 * when the execution environment starts ("module scope").
 */
import { type CodeNode, unwrap } from './code-node';
import type { CallSite, CodeModel, ExportInfo, FunctionInfo } from './model';
import { type Origin, bindingOf, calleeOrigin, enclosingFunction, originOf } from './resolve';
import { lookup } from './scope-ops';

/** How many calls deep the handler scope follows functions of the same file. */
export const MAX_CALL_DEPTH = 8;

/** The function an export names, through identifiers and wrappers (`middy(fn).use(...)`, `wrap(async () => ...)`). */
export function exportedFunction(model: CodeModel, info: ExportInfo): FunctionInfo | undefined {
  if (info.from) return undefined;
  const local = info.local ? lookup(model.moduleScope, info.local) : undefined;
  const value = info.value ?? local?.definition ?? local?.init;
  return functionFromValue(model, value, 0);
}

function functionFromValue(
  model: CodeModel,
  node: CodeNode | undefined,
  depth: number,
): FunctionInfo | undefined {
  const value = unwrap(node);
  if (!value || depth > 6) return undefined;
  const direct = model.functionsByNode.get(value);
  if (direct) return direct;
  if (value.type === 'decorated_definition')
    return functionFromValue(model, value.field('definition'), depth + 1);
  if (value.type === 'identifier' || value.type === 'shorthand_property_identifier') {
    const binding = bindingOf(model, value) ?? lookup(model.moduleScope, value.text);
    return functionFromValue(model, binding?.definition ?? binding?.init, depth + 1);
  }
  if (value.type === 'call_expression') {
    // A wrapper: the function passed to it, or the object a method is chained on (`middy(fn).use(m)`).
    for (const arg of value.field('arguments')?.items ?? []) {
      const fn = functionFromValue(model, arg, depth + 1);
      if (fn) return fn;
    }
    const callee = value.field('function');
    if (callee?.type === 'member_expression')
      return functionFromValue(model, callee.field('object'), depth + 1);
  }
  return undefined;
}

const HANDLER_NAME = /(?:^|_)handler$|Handler$|^handler/;

/**
 * The handler functions: the named exports when the caller knows them (from the template's Handler),
 * otherwise by convention: exports (Node.js) or module-level functions (Python) named like a handler,
 * `export default` functions, and functions whose parameters are `(event, context)`.
 */
export function findHandlers(model: CodeModel, names?: readonly string[]): FunctionInfo[] {
  const found = new Set<FunctionInfo>();
  if (names && names.length > 0) {
    for (const name of names) {
      const info = model.exports.get(name);
      const fn = info && exportedFunction(model, info);
      if (fn) found.add(fn);
    }
    return [...found];
  }
  for (const info of model.exports.values()) {
    const fn = exportedFunction(model, info);
    if (!fn || fn.enclosing || (model.family === 'python' && fn.className)) continue;
    if (
      HANDLER_NAME.test(info.name) ||
      (info.name === 'default' && model.family === 'node') ||
      looksLikeHandler(fn)
    )
      found.add(fn);
  }
  return [...found];
}

function looksLikeHandler(fn: FunctionInfo): boolean {
  const [first, second] = fn.paramNames;
  return /^_?(?:event|evt)$/.test(first ?? '') && (second === undefined || /context|ctx/i.test(second));
}

/** The functions that run on every invocation of the handlers. */
export function collectHandlerScope(model: CodeModel, handlers: FunctionInfo[]): Set<FunctionInfo> {
  const depthOf = new Map<FunctionInfo, number>();
  const queue: FunctionInfo[] = [];
  const reach = (fn: FunctionInfo, depth: number) => {
    const known = depthOf.get(fn);
    if (depth > MAX_CALL_DEPTH || (known !== undefined && known <= depth)) return;
    depthOf.set(fn, depth);
    queue.push(fn);
  };
  // Only names that some function or class of the file has can lead to one (a cheap filter before resolving).
  const names = new Set<string>();
  for (const fn of model.functions) if (fn.name) names.add(fn.name);
  // (Imports lead to other modules only, whatever their initialiser: `const { f } = require('m')`.)
  for (const binding of model.moduleScope.bindings.values())
    if (binding.kind === 'class' || (binding.init && binding.kind !== 'import')) names.add(binding.name);
  for (const handler of handlers) reach(handler, 0);
  for (let next = 0; next < queue.length; next++) {
    const fn = queue[next];
    const depth = depthOf.get(fn)!;
    for (const inner of fn.inner) reach(inner, depth);
    for (const call of fn.calls)
      for (const target of callTargets(model, call, names)) reach(target, depth + 1);
  }
  return new Set(depthOf.keys());
}

/**
 * Functions of this file a call runs: a function, a class's constructor, or a method — and the
 * functions passed to it, which it may call back (`retry(load)`, `records.map(save)`).
 */
function callTargets(model: CodeModel, call: CallSite, names: ReadonlySet<string>): FunctionInfo[] {
  let passed: FunctionInfo[] = NO_FUNCTIONS;
  // (Most calls pass nothing the file names: their arguments are not looked at again.)
  for (let i = 0; i < call.argNames.length; i++) {
    if (!names.has(call.argNames[i])) continue;
    passed = passedFunctions(model, call, names);
    break;
  }
  if (call.name !== undefined && !names.has(call.name)) return passed;
  const callees = calleeTargets(model, call);
  return passed.length === 0 ? callees : [...passed, ...callees];
}

function passedFunctions(model: CodeModel, call: CallSite, names: ReadonlySet<string>): FunctionInfo[] {
  let passed: FunctionInfo[] = NO_FUNCTIONS;
  for (const arg of call.args) {
    const value = unwrap(arg);
    if (value?.type !== 'identifier' && value?.type !== 'member_expression' && value?.type !== 'attribute')
      continue;
    const name =
      value.type === 'identifier'
        ? value.text
        : value.field(value.type === 'attribute' ? 'attribute' : 'property')?.text;
    if (name === undefined || !names.has(name)) continue;
    const origin = originOf(model, value);
    if (origin.kind === 'function') passed = [...passed, origin.fn];
  }
  return passed;
}

const NO_FUNCTIONS: FunctionInfo[] = [];

function calleeTargets(model: CodeModel, call: CallSite): FunctionInfo[] {
  const origin = calleeOrigin(model, call);
  if (origin.kind === 'function') return [origin.fn];
  if (origin.kind === 'class') return methods(model, origin.name, ['constructor', '__init__']);
  if (origin.kind === 'member') {
    const owner = classOf(origin.of);
    if (owner) return methods(model, owner, [origin.name]);
  }
  return [];
}

function classOf(origin: Origin): string | undefined {
  if (origin.kind === 'self') return origin.className;
  if (origin.kind === 'class') return origin.name;
  if ((origin.kind === 'new' || origin.kind === 'call') && origin.of.kind === 'class') return origin.of.name;
  return undefined;
}

function methods(model: CodeModel, className: string | undefined, names: string[]): FunctionInfo[] {
  if (!className) return [];
  return model.functions.filter(
    (fn) => fn.className === className && fn.name !== undefined && names.includes(fn.name),
  );
}

/** True when code at `node` runs on every invocation (it is inside a handler-scope function). */
export function runsPerInvocation(model: CodeModel, node: CodeNode): boolean {
  let fn = enclosingFunction(model, node);
  while (fn && fn.immediate && !model.handlerScope.has(fn)) fn = fn.enclosing;
  return !!fn && model.handlerScope.has(fn);
}

/** True when code at `node` runs once per execution environment (module level, or an IIFE there). */
export function runsAtInit(model: CodeModel, node: CodeNode): boolean {
  let fn = enclosingFunction(model, node);
  while (fn && fn.immediate) fn = fn.enclosing;
  return fn === null;
}
