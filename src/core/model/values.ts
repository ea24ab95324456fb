/** Reading a setting's value as a number or a string, whatever format wrote it (never guessing a dynamic one). */
import type { Value } from './types';

/** A value as a number when it is one (numeric strings included, as the AWS APIs accept). */
export function asNumber(value: Value | undefined): number | undefined {
  if (!value || value.kind === 'dynamic') return undefined;
  const v = value.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** A value as a string when it is a scalar. */
export function asString(value: Value | undefined): string | undefined {
  if (!value || value.kind === 'dynamic') return undefined;
  const v = value.value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
