/**
 * Values as Terraform knows them before a plan (the model's `Value`): constructors, how a value
 * computed from parts inherits their kind, and the comparisons and conversions the evaluator and the
 * functions share.
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
