/**
 * Module-level collections (arrays, objects, maps, sets; Python lists, dicts, sets, deques without a
 * maximum length), and whether anything bounds them: state that lives as long as the execution
 * environment.
 */
import { type CodeNode, unwrap } from './code-node';
import type { Binding, CodeModel } from './model';
import { bindingOf, originOf } from './resolve';
import { dottedName } from './sdk';

export interface Collection {
  binding: Binding;
  kind: string;
}

/** The module-level collections: arrays, objects, maps and sets; Python lists, dicts and sets. */
export function moduleCollections(model: CodeModel): Map<Binding, Collection> {
  const out = new Map<Binding, Collection>();
  for (const binding of model.moduleScope.bindings.values()) {
    if (binding.kind === 'import' || binding.path || binding.assignments.length > 0) continue;
    const kind = collectionKind(model, binding.init);
    if (kind) out.set(binding, { binding, kind });
  }
  return out;
}

function collectionKind(model: CodeModel, init: CodeNode | undefined): string | undefined {
  const value = unwrap(init);
  if (!value) return undefined;
  const literal: Record<string, string> = {
    array: 'array',
    object: 'object',
    list: 'list',
    dictionary: 'dict',
    set: 'set',
  };
  if (value.type in literal) return literal[value.type];
  if (value.type !== 'new_expression' && value.type !== 'call') return undefined;
  const name = dottedName(originOf(model, value.field(value.type === 'call' ? 'function' : 'constructor')));
  const calls: Record<string, string> = {
    Map: 'map',
    Set: 'set',
    dict: 'dict',
    list: 'list',
    set: 'set',
    'collections.defaultdict': 'dict',
    'collections.OrderedDict': 'dict',
    'collections.Counter': 'dict',
  };
  if (name === 'collections.deque')
    return value.field('arguments')?.items.some((a) => a.type === 'keyword_argument') ? undefined : 'deque';
  return name !== undefined ? calls[name] : undefined;
}

export /** Collections something deletes from or whose size is compared (`cache.size > 100`, `len(cache) >= MAX`, `delete cache[k]`). */
function trimmedOrMeasured(model: CodeModel, candidates: Map<Binding, Collection>): Set<Binding> {
  const out = new Set<Binding>();
  model.root.walk((node) => {
    let target: CodeNode | undefined;
    if (node.type === 'unary_expression' && node.hasToken('delete')) target = node.field('argument');
    else if (node.type === 'delete_statement') target = node.items[0];
    else if (isSize(model, node) && isComparison(node.parent)) target = node;
    if (!target) return true;
    let root = unwrap(target);
    while (root && ['member_expression', 'subscript_expression', 'subscript', 'call'].includes(root.type))
      root = unwrap(
        root.type === 'call'
          ? root.field('arguments')?.items[0]
          : (root.field('object') ?? root.field('value')),
      );
    const binding = root?.type === 'identifier' ? bindingOf(model, root) : undefined;
    if (binding && candidates.has(binding)) out.add(binding);
    return true;
  });
  return out;
}

/** `x.size`, `x.length`, `len(x)`. */
function isSize(model: CodeModel, node: CodeNode): boolean {
  if (node.type === 'member_expression')
    return ['size', 'length'].includes(node.field('property')?.text ?? '');
  return node.type === 'call' && dottedName(originOf(model, node.field('function'))) === 'len';
}

function isComparison(node: CodeNode | null): boolean {
  if (node?.type === 'comparison_operator') return true;
  return node?.type === 'binary_expression' && ['<', '<=', '>', '>='].some((op) => node.hasToken(op));
}
