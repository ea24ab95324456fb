/**
 * Terraform's pure functions that Lambda settings are commonly written with (`min`, `lookup`,
 * `jsonencode`, `merge`, `coalesce`…), over known values. Any other function (files, time, hashes,
 * encodings Ownless does not mirror) is dynamic, with its name as the reason: never guessed.
 */
import type { Value } from '../../model/types';
import { EvalError, derived, dynamic, equal, literal, toNumber } from './known';

type Fn = (args: unknown[]) => unknown;

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  throw new EvalError('a value is not a list');
}

function map(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new EvalError('a value is not a map');
}

/** JSON as Terraform's jsonencode writes it: object keys sorted (cty objects are). */
function jsonencode(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sorted(value));
}

function format(spec: string, args: unknown[]): string {
  let i = 0;
  return spec.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sdvfqt])/g, (_match, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[i++];
    if (verb.endsWith('q')) return JSON.stringify(String(arg));
    if (verb.endsWith('d')) return String(Math.trunc(toNumber(arg)));
    return typeof arg === 'object' ? jsonencode(arg) : String(arg);
  });
}

const FUNCTIONS: Readonly<Record<string, Fn>> = {
  min: (a) => Math.min(...a.map(toNumber)),
  max: (a) => Math.max(...a.map(toNumber)),
  abs: ([x]) => Math.abs(toNumber(x)),
  ceil: ([x]) => Math.ceil(toNumber(x)),
  floor: ([x]) => Math.floor(toNumber(x)),
  tonumber: ([x]) => (x === null ? null : toNumber(x)),
  tostring: ([x]) =>
    x === null ? null : typeof x === 'object' ? fail('tostring of a collection') : String(x),
  tobool: ([x]) =>
    x === true || x === 'true' ? true : x === false || x === 'false' ? false : fail('not a bool'),
  tolist: ([x]) => (Array.isArray(x) ? x : fail('not a list')),
  toset: ([x]) => [...new Map(list(x).map((v) => [JSON.stringify(v), v])).values()],
  tomap: ([x]) => map(x),
  upper: ([x]) => String(x).toUpperCase(),
  lower: ([x]) => String(x).toLowerCase(),
  trimspace: ([x]) => String(x).trim(),
  join: ([sep, ...lists]) => lists.flatMap(list).join(String(sep)),
  split: ([sep, s]) => String(s).split(String(sep)),
  replace: ([s, from, to]) => String(s).split(String(from)).join(String(to)),
  format: ([spec, ...rest]) => format(String(spec), rest),
  length: ([x]) =>
    typeof x === 'string' ? [...x].length : Array.isArray(x) ? x.length : Object.keys(map(x)).length,
  element: ([l, i]) => {
    const items = list(l);
    if (items.length === 0) fail('element() of an empty list');
    return items[toNumber(i) % items.length];
  },
  index: ([l, v]) => list(l).findIndex((x) => equal(x, v)),
  contains: ([l, v]) => list(l).some((x) => equal(x, v)),
  concat: (a) => a.flatMap(list),
  flatten: ([x]) => list(x).flat(Infinity),
  distinct: ([x]) => [...new Map(list(x).map((v) => [JSON.stringify(v), v])).values()],
  keys: ([x]) => Object.keys(map(x)).sort(),
  values: ([x]) => {
    const m = map(x);
    return Object.keys(m)
      .sort()
      .map((k) => m[k]);
  },
  lookup: ([m, key, ...fallback]) => {
    const found = map(m)[String(key)];
    if (found !== undefined) return found;
    if (fallback.length) return fallback[0];
    return fail(`lookup() found no ${String(key)}`);
  },
  merge: (a) => Object.assign({}, ...a.filter((x) => x !== null).map(map)),
  zipmap: ([k, v]) => Object.fromEntries(list(k).map((key, i) => [String(key), list(v)[i]])),
  coalesce: (a) => a.find((x) => x !== null && x !== '') ?? fail('coalesce() of nulls'),
  coalescelist: (a) =>
    a.find((x) => Array.isArray(x) && x.length > 0) ?? fail('coalescelist() of empty lists'),
  compact: ([x]) => list(x).filter((v) => v !== null && v !== ''),
  jsonencode: ([x]) => jsonencode(x),
  jsondecode: ([x]) => {
    try {
      return JSON.parse(String(x));
    } catch {
      return fail('jsondecode() of text that is not JSON');
    }
  },
};

function fail(message: string): never {
  throw new EvalError(message);
}

/** Calls a function on evaluated arguments; `expand`: the last argument is spread (`f(list...)`). */
export function callFunction(name: string, args: readonly Value[], expand: boolean): Value {
  const fn = FUNCTIONS[name.replace(/^provider::[^:]+::/, '')];
  if (!fn) return dynamic(`${name}() is not evaluated by Ownless`);
  const unknown = args.find((a) => a.kind === 'dynamic');
  if (unknown) return unknown;
  let values = args.map((a) => (a as { value: unknown }).value);
  if (expand && values.length) values = [...values.slice(0, -1), ...list(values[values.length - 1])];
  return args.length ? derived(args, fn(values)) : literal(fn(values));
}
