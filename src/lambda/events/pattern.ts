/** A sample value that an EventBridge event pattern matches: the first allowed value of each field. */

/** One value a pattern's list of allowed values accepts; undefined when the field must be absent. */
function matchingValue(allowed: unknown): unknown {
  if (!Array.isArray(allowed)) {
    if (allowed && typeof allowed === 'object') return sampleFromPattern(allowed as Record<string, unknown>);
    return allowed === undefined ? 'example' : allowed;
  }
  if (allowed.length === 0) return 'example';
  const first = allowed[0] as unknown;
  if (first === null || typeof first !== 'object') return first;
  const rule = first as Record<string, unknown>;
  if ('prefix' in rule) {
    const prefix = rule.prefix;
    const text =
      typeof prefix === 'object' && prefix !== null
        ? (prefix as Record<string, unknown>)['equals-ignore-case']
        : prefix;
    return `${String(text)}example`;
  }
  if ('suffix' in rule) {
    const suffix = rule.suffix;
    const text =
      typeof suffix === 'object' && suffix !== null
        ? (suffix as Record<string, unknown>)['equals-ignore-case']
        : suffix;
    return `example${String(text)}`;
  }
  if ('equals-ignore-case' in rule) return rule['equals-ignore-case'];
  if ('wildcard' in rule) return String(rule.wildcard).replace(/\*/g, 'example');
  if ('exists' in rule) return rule.exists === false ? undefined : 'example';
  if ('numeric' in rule) return numericSample(rule.numeric);
  if ('cidr' in rule) return String(rule.cidr).split('/')[0];
  if ('anything-but' in rule) {
    const excluded = rule['anything-but'];
    return typeof (Array.isArray(excluded) ? excluded[0] : excluded) === 'number' ? -1 : 'other';
  }
  return 'example';
}

/** A number within a numeric rule: `[">", 0, "<=", 5]` → 1. */
function numericSample(rule: unknown): number {
  if (!Array.isArray(rule)) return 1;
  let low = -Infinity;
  let high = Infinity;
  let equal: number | undefined;
  for (let i = 0; i + 1 < rule.length; i += 2) {
    const [op, n] = [rule[i], Number(rule[i + 1])];
    if (op === '=') equal = n;
    else if (op === '>') low = Math.max(low, n + 1);
    else if (op === '>=') low = Math.max(low, n);
    else if (op === '<') high = Math.min(high, n - 1);
    else if (op === '<=') high = Math.min(high, n);
  }
  if (equal !== undefined) return equal;
  if (low !== -Infinity) return low;
  return high !== Infinity ? high : 1;
}

/** The sample object a pattern (or part of one, such as its `detail`) matches. */
export function sampleFromPattern(pattern: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, allowed] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(allowed)) {
      const first = allowed[0] as unknown;
      if (first && typeof first === 'object')
        Object.assign(out, sampleFromPattern(first as Record<string, unknown>));
      continue;
    }
    const value = matchingValue(allowed);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The first string a pattern field allows (`source`, `detail-type`). */
export function firstString(allowed: unknown): string | undefined {
  const value = matchingValue(allowed);
  return typeof value === 'string' ? value : undefined;
}
