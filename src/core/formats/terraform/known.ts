/**
 * Values as Terraform knows them before a plan (the model's `Value`): constructors, how a value
 * computed from parts inherits their kind, and the operations on known values (members, arithmetic,
 * comparisons, conversions) the evaluator and the functions share.
 */
import type { Value } from '../../model/types';

/** An evaluation that cannot go on (a missing attribute of a known object): `try` catches it. */
export class EvalError extends Error {}

export const literal = (value: unknown): Value => ({ kind: 'literal', value });
export const dynamic = (reason: string): Value => ({ kind: 'dynamic', reason });

/** A value computed from known parts: indirect when any part is (naming the first). */
export function derived(parts: readonly Value[], value: unknown): Value {
  for (const part of parts) if (part.kind === 'indirect') return { kind: 'indirect', value, via: part.via };
  return literal(value);
}

export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new EvalError('a value is not a number');
}

/** Deep equality of plain values (Terraform compares by value). */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (Array.isArray(a) !== Array.isArray(b) || ka.length !== kb.length) return false;
  return ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A member of a known value: an object's attribute or a list's item; a missing one is an error. */
export function member(container: unknown, key: unknown): unknown {
  if (Array.isArray(container)) {
    const index = toNumber(key);
    if (!Number.isInteger(index) || index < 0 || index >= container.length)
      throw new EvalError(`index ${index} is out of range`);
    return container[index];
  }
  if (container && typeof container === 'object') {
    const found = (container as Record<string, unknown>)[String(key)];
    if (found === undefined) throw new EvalError(`no attribute ${String(key)}`);
    return found;
  }
  throw new EvalError(`${String(key)} of a value that is not a collection`);
}

export function binaryOp(op: string, a: unknown, b: unknown): unknown {
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '&&':
    case '||':
      if (typeof a !== 'boolean' || typeof b !== 'boolean')
        throw new EvalError(`${op} of values that are not bools`);
      return op === '&&' ? a && b : a || b;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0) throw new EvalError('division by zero');
      return x / y;
    case '%':
      if (y === 0) throw new EvalError('division by zero');
      return x % y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    default:
      throw new EvalError(`operator ${op} is not evaluated`);
  }
}
