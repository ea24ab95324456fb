/**
 * A function's properties and SAM events as the model reads them: each property resolved on first
 * read, `Globals` merged in as SAM merges them (lists joined, maps merged, `IgnoreGlobals` honoured).
 */
import {
  type MapNode,
  type Node,
  type Pair,
  asMap,
  asSeq,
  deref,
  emptyScalar,
  get,
  keyText,
} from '../../parse/ast';
import type { FunctionProperty, Resource, SamEvent } from './types';
import { type Parameters, type Resolved, resolve } from './values';
import { keepShape } from '../../keep-shape';

/** A property whose value is resolved on first read: most properties are never read by any rule. */
class LazyProperty implements FunctionProperty {
  private value: Resolved | undefined;
  inherited?: FunctionProperty;

  constructor(
    readonly name: string,
    readonly pair: Pair,
    readonly container: MapNode,
    readonly fromGlobals: boolean,
    private readonly params: Parameters,
  ) {}

  get resolved(): Resolved {
    return (this.value ??= resolve(this.pair.value, this.params));
  }
}
keepShape(new LazyProperty('', {} as never, {} as never, false, {} as never));

/** Keeps LazyProperty's hidden class alive between lints (see keepShapesAlive in the YAML parser). */
const keepPropertyShapeAlive = new LazyProperty(
  '',
  { key: emptyScalar(), value: emptyScalar() },
  { kind: 'map', pairs: [], flow: true, start: 0, end: 0, memo: undefined },
  false,
  new Map(),
);
void keepPropertyShapeAlive;

export function readProps(
  map: MapNode | null,
  fromGlobals: boolean,
  params: Parameters,
  into: Map<string, FunctionProperty>,
  skip: (name: string) => boolean = () => false,
): void {
  for (const pair of map?.pairs ?? []) {
    const name = keyText(pair.key);
    if (name === null || skip(name)) continue;
    const own = into.get(name);
    const property: FunctionProperty = new LazyProperty(name, pair, map as MapNode, fromGlobals, params);
    // Within one mapping a duplicate key's last value wins (as in PyYAML and CloudFormation).
    if (!own || own.fromGlobals === fromGlobals) into.set(name, property);
    else if (mergeable(own.pair.value, pair.value)) own.inherited = property;
  }
}

export function readEvents(properties: MapNode | null): SamEvent[] {
  const events: SamEvent[] = [];
  for (const pair of asMap(get(properties, 'Events'))?.pairs ?? []) {
    const name = keyText(pair.key);
    const type = deref(get(pair.value, 'Type'));
    if (name === null || type?.kind !== 'scalar') continue;
    events.push({ name, type: type.value, pair, properties: asMap(get(pair.value, 'Properties')) });
  }
  return events;
}

/** SAM merges a Globals list or map with the function's own (lists are joined, maps merged). */
function mergeable(own: Node, global: Node): boolean {
  const a = deref(own);
  const b = deref(global);
  return !!a && !!b && a.kind === b.kind && (a.kind === 'seq' || a.kind === 'map') && !a.tag && !b.tag;
}

/** SAM's `IgnoreGlobals` resource attribute: `'*'` or a list of property names the function opts out of. */
export function ignoredGlobals(resource: Resource): (name: string) => boolean {
  const attr = deref(get(resource.body, 'IgnoreGlobals'));
  if (!attr) return () => false;
  if (attr.kind === 'scalar') return attr.value === '*' ? () => true : (name) => name === attr.value;
  const names = new Set(
    (asSeq(attr)?.items ?? []).map((i) => deref(i)).flatMap((i) => (i?.kind === 'scalar' ? [i.value] : [])),
  );
  return (name) => names.has(name);
}
