/**
 * YAML merge keys (`<<: *base`, `<<: [*a, *b]`), resolved in the parser as PyYAML's
 * `flatten_mapping` does: the `<<` pair goes, and the merged mappings' pairs come first, so that the
 * mapping's own keys (later) win, and of a list the earlier mappings win (they are put last). The
 * merged pairs are the anchored mapping's own nodes, so their positions are where they are written
 * (a finding on a merged `Timeout` points at the anchor's text), and every reader of the tree (the
 * model, the rules, `get`, `toJS`) sees them without knowing about merge keys. Edits go by the pairs
 * as written (`MapNode.written`): a fix never inserts into, or removes from, the anchored mapping.
 *
 * Done here rather than in the template model because every consumer walks the tree: the model,
 * the rules that read raw properties, the fixes that look for an existing key before inserting one.
 */
import type { MapNode, Node, Pair, SyntaxProblem } from '../ast';
import { deref } from '../ast';

/** True for the key of a merge: a plain, untagged `<<` (`"<<"` is an ordinary key, as in PyYAML). */
export function isMergeKey(key: Node): boolean {
  return key.kind === 'scalar' && key.value === '<<' && key.style === 'plain' && !key.tag;
}

/**
 * Resolves a mapping's merge keys: `pairs` become what it means, `written` keeps what is written
 * (with the `<<` pairs), for the edits. Problems for a `<<` that names no mapping.
 */
export function resolveMergeKeys(map: MapNode, report: (p: SyntaxProblem) => void): void {
  const pairs = map.pairs;
  if (!pairs.some((pair) => isMergeKey(pair.key))) return;
  map.written = pairs;
  const merged: Pair[] = [];
  const own: Pair[] = [];
  for (const pair of pairs) {
    if (!isMergeKey(pair.key)) {
      own.push(pair);
      continue;
    }
    const value = deref(pair.value);
    const sources = value?.kind === 'seq' ? value.items.map((item) => deref(item)) : [value];
    const maps: MapNode[] = [];
    for (const source of sources) {
      if (source?.kind === 'map') maps.push(source);
      // An alias that names nothing (null) was reported where it is written.
      else if (source !== null)
        report({
          message: 'a merge key (<<) takes a mapping or a list of mappings',
          start: pair.value.start,
          end: Math.max(pair.value.end, pair.value.start + 1),
        });
    }
    // Earlier mappings of a list win: they go last (PyYAML reverses the list).
    for (let i = maps.length - 1; i >= 0; i--) merged.push(...maps[i].pairs);
  }
  map.pairs = merged.length ? merged.concat(own) : own;
}
