/**
 * Converts a positioned tree to plain JavaScript values, the way CloudFormation reads a template:
 * short-form intrinsic tags become their long form (`!Ref x` → `{ Ref: x }`, `!Sub s` →
 * `{ 'Fn::Sub': s }`). Aliases share their target (no copies), so an alias bomb costs nothing here.
 */
import type { Node } from './ast';
import { keyText } from './ast';
import { scalarValue } from './scalar-value';

/** The long-form key for a short-form intrinsic tag (`!GetAtt` → `Fn::GetAtt`), or null. */
export function intrinsicKeyForTag(tag: string): string | null {
  if (!tag.startsWith('!') || tag.startsWith('!!')) return null;
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return name;
  return name ? `Fn::${name}` : null;
}

export function toJS(node: Node | null, seen = new Map<Node, unknown>()): unknown {
  if (!node) return null;
  if (node.kind === 'alias') return node.target ? toJS(node.target, seen) : null;
  if (seen.has(node)) return seen.get(node);
  let value: unknown;
  if (node.kind === 'scalar') {
    value = scalarValue(node);
  } else if (node.kind === 'seq') {
    const items: unknown[] = [];
    seen.set(node, items);
    for (const item of node.items) items.push(toJS(item, seen));
    value = items;
  } else {
    const obj: Record<string, unknown> = {};
    seen.set(node, obj);
    // Merge keys (`<<: *base`) were resolved by the parser: their pairs are already here.
    for (const pair of node.pairs) {
      const key = keyText(pair.key);
      obj[key ?? JSON.stringify(toJS(pair.key, seen))] = toJS(pair.value, seen);
    }
    value = obj;
  }
  const intrinsic = node.tag ? intrinsicKeyForTag(node.tag.name) : null;
  if (intrinsic) value = { [intrinsic]: value };
  seen.set(node, value);
  return value;
}
