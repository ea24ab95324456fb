/**
 * Reading template values the way a reviewer would, without guessing: literals are literal, a `Ref`
 * to a parameter with a `Default` takes the default, and every other intrinsic is dynamic.
 */
import { type MapNode, type Node, asMap, asSeq, deref, get, keyText } from '../../parse/ast';
import { scalarValue } from '../../parse/scalar-value';
import { toJS } from '../../parse/to-js';

/** The long-form name of an intrinsic function node (`Ref`, `Fn::GetAtt`, ...), with its argument. */
export interface Intrinsic {
  name: string;
  arg: Node;
}

export function intrinsicOf(node: Node | null | undefined): Intrinsic | null {
  const target = deref(node);
  if (!target) return null;
  if (target.tag) {
    const tag = target.tag.name;
    if (tag.startsWith('!') && !tag.startsWith('!!') && tag.length > 1) {
      const name = tag === '!Ref' || tag === '!Condition' ? tag.slice(1) : `Fn::${tag.slice(1)}`;
      return { name, arg: target };
    }
  }
  if (target.kind === 'map' && target.pairs.length === 1) {
    const key = keyText(target.pairs[0].key);
    if (key === 'Ref' || (key !== null && key.startsWith('Fn::')))
      return { name: key, arg: target.pairs[0].value };
  }
  return null;
}

export type Resolved =
  | { kind: 'literal'; value: unknown; node: Node }
  | { kind: 'indirect'; value: unknown; node: Node; via: string; parameter: string }
  | { kind: 'dynamic'; node: Node; reason: string };

/** Parameters by name, with their default when they have one. */
export type Parameters = Map<string, { node: MapNode; default?: unknown }>;

export function readParameters(root: Node | null): Parameters {
  const params: Parameters = new Map();
  const section = asMap(get(root, 'Parameters'));
  for (const pair of section?.pairs ?? []) {
    const name = keyText(pair.key);
    const body = asMap(pair.value);
    if (name === null || !body) continue;
    const def = get(body, 'Default');
    params.set(name, def === undefined ? { node: body } : { node: body, default: plainValue(def) });
  }
  return params;
}

/** A value with its tags stripped to long form; for scalars under a tag, the plain value. */
function plainValue(node: Node): unknown {
  const target = deref(node);
  if (target?.kind === 'scalar' && !target.tag) return scalarValue(target);
  return toJS(target);
}

/** Resolves a property value: literal, parameter default, or dynamic (with the reason). */
export function resolve(node: Node, params: Parameters): Resolved {
  const intrinsic = intrinsicOf(node);
  if (!intrinsic) {
    const target = deref(node);
    if (target?.kind === 'scalar') return { kind: 'literal', value: plainValue(target), node };
    // Collections are converted only when a rule reads them: most never are.
    let cached: unknown;
    let done = false;
    return {
      kind: 'literal',
      node,
      get value() {
        if (!done) {
          cached = plainValue(node);
          done = true;
        }
        return cached;
      },
    };
  }
  if (intrinsic.name === 'Ref') {
    const arg = deref(intrinsic.arg);
    const name = arg?.kind === 'scalar' ? arg.value : null;
    const param = name !== null ? params.get(name) : undefined;
    if (name !== null && param && 'default' in param)
      return { kind: 'indirect', value: param.default, node, via: `parameter ${name}`, parameter: name };
    return { kind: 'dynamic', node, reason: name ? `Ref ${name}` : 'Ref' };
  }
  return { kind: 'dynamic', node, reason: intrinsic.name };
}

/** A resolved value is a model value (with its node): read as a number or a string the same way. */
export { asNumber, asString } from '../../model/values';

const SUB_VARIABLE = /\$\{([^!}][^}]*)\}/g;

/**
 * Logical ids a value refers to through `Ref`, `Fn::GetAtt` or `Fn::Sub` variables, anywhere inside it.
 * Used to link related resources (an alias to its function, a rule's target, a mapping's queue).
 */
export function referencedIds(
  node: Node | null | undefined,
  out = new Set<string>(),
  depth = 0,
  seen = new Set<Node>(),
): Set<string> {
  const target = deref(node);
  // Each node once: aliases can make a small tree stand for a huge one.
  if (!target || depth > 50 || seen.has(target)) return out;
  seen.add(target);
  const intrinsic = intrinsicOf(target);
  if (intrinsic) {
    const arg = deref(intrinsic.arg);
    if (intrinsic.name === 'Ref' && arg?.kind === 'scalar') out.add(arg.value);
    else if (intrinsic.name === 'Fn::GetAtt') {
      if (arg?.kind === 'scalar') out.add(arg.value.split('.')[0]);
      else {
        const first = deref(asSeq(arg)?.items[0]);
        if (first?.kind === 'scalar') out.add(first.value);
      }
    } else if (intrinsic.name === 'Fn::Sub') {
      const template = arg?.kind === 'scalar' ? arg : deref(asSeq(arg)?.items[0]);
      if (template?.kind === 'scalar') {
        for (const m of template.value.matchAll(SUB_VARIABLE)) out.add(m[1].split('.')[0].trim());
      }
      const vars = asMap(asSeq(arg)?.items[1]);
      for (const pair of vars?.pairs ?? []) referencedIds(pair.value, out, depth + 1, seen);
      return out;
    }
    if (target.kind !== 'map' || target.tag) {
      if (target.kind === 'seq') for (const item of target.items) referencedIds(item, out, depth + 1, seen);
      return out;
    }
  }
  if (target.kind === 'map') for (const pair of target.pairs) referencedIds(pair.value, out, depth + 1, seen);
  else if (target.kind === 'seq') for (const item of target.items) referencedIds(item, out, depth + 1, seen);
  return out;
}
