/**
 * Re-parsing after an edit: when the change lies inside one entry of a block `Resources` mapping,
 * only that entry is parsed again and the nodes after it are moved; anything else is a full parse.
 * The result is always what a full parse of the new text gives (the tests compare the two).
 */
import {
  type MapNode,
  type Node,
  type Pair,
  type Position,
  asMap,
  findPair,
  keyText,
  lineStartAt,
} from '../../parse/ast';
import {
  type ParseLimits,
  DEFAULT_LIMITS,
  type TemplateDocument,
  parseTemplate,
  samReading,
} from './template';
import { parseYaml } from '../../parse/yaml/parser';

/** Adds `delta` to every offset in a tree (no aliases: incremental parsing is off when there are any). */
function shift(node: Node, delta: number): void {
  node.start += delta;
  node.end += delta;
  if (node.tag) {
    node.tag.start += delta;
    node.tag.end += delta;
  }
  if (node.kind === 'map') {
    for (const pair of node.pairs) {
      shift(pair.key, delta);
      shift(pair.value, delta);
    }
  } else if (node.kind === 'seq') {
    for (const item of node.items) shift(item, delta);
  }
}

/**
 * What an incremental re-parse changed, for the lint engine to reuse the previous document's findings:
 * one entry of `Resources` was replaced; every position before `from` is unchanged, and every
 * position from the old entry's end on moved by `lineDelta` lines (its character is unchanged,
 * since the entry ends at a line start).
 */
export interface ReparseEdit {
  /** The document the new one was re-parsed from (its text and line index are the old ones). */
  previous: TemplateDocument;
  /** The replaced entry of `Resources`: the old pair (no longer in the tree) and the new one. */
  oldPair: Pair;
  newPair: Pair;
  /** Where the change starts, in the old text (and the new: the text before it is the same). */
  fromPosition: Position;
  /** The changed span: old `[from, oldTo)` became new `[from, newTo)`. */
  from: number;
  newTo: number;
  /** The line the entry starts on (the same in both texts). */
  entryStartLine: number;
  /** The line of the next entry's key, in the old text. */
  oldEntryEndLine: number;
  /** New line count minus old line count. */
  lineDelta: number;
}

const edits = new WeakMap<TemplateDocument, ReparseEdit>();

/**
 * The edit that produced `doc` by an incremental re-parse, if it was one. Taking it forgets it (and
 * with it the previous document), so that a chain of edits does not keep every old text alive.
 */
export function takeReparseEdit(doc: TemplateDocument): ReparseEdit | undefined {
  const edit = edits.get(doc);
  edits.delete(doc);
  return edit;
}

/** Strings compare natively in blocks, then by character within the first block that differs. */
const BLOCK = 4096;

function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= max && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (
    n + BLOCK <= max &&
    a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)
  )
    n += BLOCK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/**
 * Parses `text`, reusing `previous` (the document of the text before the edit) where it can.
 * `previous` is consumed: its nodes are moved into the result and it must not be used again.
 */
export function reparseTemplate(
  previous: TemplateDocument,
  text: string,
  limits: ParseLimits = DEFAULT_LIMITS,
): TemplateDocument {
  return reparseEntry(previous, text, limits) ?? parseTemplate(text, previous.path, limits);
}

function reparseEntry(
  previous: TemplateDocument,
  text: string,
  limits: ParseLimits,
): TemplateDocument | null {
  const old = previous.text;
  if (
    previous.syntax !== 'yaml' ||
    previous.aliased ||
    previous.problems.length > 0 ||
    text.length > limits.maxFileSize
  ) {
    return null;
  }
  const root = asMap(previous.root);
  const resourcesPair = root && findPair(root, 'Resources');
  const resources = resourcesPair && asMap(resourcesPair.value);
  if (!root || !resources || resources.flow) return null;

  // The changed span: old [from, oldTo) became new [from, newTo).
  const from = commonPrefix(old, text);
  const tail = commonSuffix(old, text, Math.min(old.length, text.length) - from);
  const oldTo = old.length - tail;
  const delta = text.length - old.length;

  // The entry holding the whole change, after its key and before the next entry's line.
  const index = resources.pairs.findIndex((pair, i) => {
    const next = resources.pairs[i + 1];
    return next !== undefined && from > pair.key.end && oldTo < lineStartAt(old, next.key.start);
  });
  if (index === -1) return null;
  const entry = resources.pairs[index];
  const entryStart = lineStartAt(old, entry.key.start);
  const entryEnd = lineStartAt(old, resources.pairs[index + 1].key.start);

  // Parse the entry alone: it is a one-pair mapping at its own indentation.
  const slice = text.slice(entryStart, entryEnd + delta);
  const parsed = parseYaml(slice, limits);
  const map = asMap(parsed.root);
  if (parsed.problems.length > 0 || parsed.aliased || !map || map.pairs.length !== 1) return null;
  if (keyText(map.pairs[0].key) !== keyText(entry.key) || map.start !== entry.key.start - entryStart)
    return null;
  const fresh = map.pairs[0];
  shift(fresh.key, entryStart);
  shift(fresh.value, entryStart);

  // Move everything after the entry, and stretch the mappings that contain it.
  if (delta !== 0) {
    for (const pair of resources.pairs.slice(index + 1)) {
      shift(pair.key, delta);
      shift(pair.value, delta);
    }
    const resourcesIndex = root.pairs.indexOf(resourcesPair);
    for (const pair of root.pairs.slice(resourcesIndex + 1)) {
      shift(pair.key, delta);
      shift(pair.value, delta);
    }
  }
  resources.pairs[index] = fresh;
  for (const container of [resources, root] as MapNode[]) container.end += delta;

  const lines = previous.lines.edited(text, from, oldTo, oldTo + delta);
  // (An edited entry may start or stop using a SAM type: how the template reads is asked again.)
  const doc: TemplateDocument = {
    ...previous,
    text,
    root,
    problems: [],
    lines,
    aliased: false,
    ...samReading(root),
  };
  // The previous document's own edit (if it was never linted) is of no use any more.
  edits.delete(previous);
  edits.set(doc, {
    previous,
    oldPair: entry,
    newPair: fresh,
    fromPosition: previous.lines.position(from),
    from,
    newTo: oldTo + delta,
    entryStartLine: previous.lines.position(entryStart).line,
    oldEntryEndLine: previous.lines.position(entryEnd).line,
    lineDelta: lines.lineCount - previous.lines.lineCount,
  });
  return doc;
}
