/** Reading a setting's value as a number or a string, whatever format wrote it (never guessing a dynamic one). */
import type { Value } from './types';

/**
 * A value as a number when it is one (numeric strings included, as the AWS APIs accept). Only finite
 * numbers: `.inf`, `.nan` and `1e309` are no setting's value (see `invalidNumber`).
 */
export function asNumber(value: Value | undefined): number | undefined {
  const n = anyNumber(value);
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

/** A literal number, or numeric string, as JavaScript reads it (infinities and NaN included). */
function anyNumber(value: Value | undefined): number | undefined {
  if (!value || value.kind === 'dynamic') return undefined;
  const v = value.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** What a numeric setting accepts: at least `min`, and a whole number when `integer`. */
export interface NumberRange {
  min: number;
  integer?: boolean;
}

/**
 * The value as written when it is a number the setting cannot take: not finite (`.inf`, `.nan`,
 * `1e309`), below the range's minimum (a negative size), or a fraction where a whole number is
 * needed. Undefined for a valid number, a dynamic value or a value that is not a number.
 */
export function invalidNumber(value: Value | undefined, range: NumberRange): string | undefined {
  const n = anyNumber(value);
  if (n === undefined) return undefined;
  if (Number.isFinite(n) && n >= range.min && (!range.integer || Number.isInteger(n))) return undefined;
  return asString(value);
}

/** A value as a string when it is a scalar. */
export function asString(value: Value | undefined): string | undefined {
  if (!value || value.kind === 'dynamic') return undefined;
  const v = value.value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
