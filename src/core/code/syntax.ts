/**
 * A compact, immutable copy of a tree-sitter tree: plain objects that are fast to walk from
 * JavaScript (each access to a tree-sitter node crosses into WebAssembly). A node does not know where
 * it is: its parent records where each child starts. That lets an unchanged subtree be reused as it
 * is after an edit elsewhere, wherever it has moved to, so a keystroke converts only what is around
 * the edit: the nodes that hold it are copied from their previous version with the one child that
 * holds the edit converted again (see `splice`), and a node converted in full takes its unchanged
 * statements from the previous version (see `StatementCache`).
 */
import type { Tree, TreeCursor } from '@vscode/tree-sitter-wasm';

export interface SyntaxNode {
  readonly type: string;
  readonly length: number;
  /** Named children, comments included. */
  readonly children: readonly SyntaxNode[];
  /** Where each child starts, relative to this node's start. */
  readonly offsets: readonly number[];
  /** The field name of each child, or null. */
  readonly fields: readonly (string | null)[];
  /** The source text, for nodes without named children (identifiers, numbers, empty strings...). */
  readonly text: string | undefined;
  /** Unnamed tokens that carry meaning (`===`, `async`, `const`, `of`, `default`...), for the node types that have them. */
  readonly tokens: readonly string[];
  /** True when the subtree holds a syntax error or a missing token. */
  readonly hasError: boolean;
  /** For statements, the unit of reuse (see `isReusable`): what the model keeps for this one. */
  readonly statement: StatementSlot | undefined;
}

/**
 * What the model keeps for a statement, for as long as the next versions reuse it (syntax nodes are
 * per document). In a field rather than a WeakMap keyed by the node: a minor collection keeps an
 * entry's value alive when the table is old, and the value leads back to the key and to that
 * version's whole tree and text, so every version since the last minor collection was copied by it.
 */
export interface StatementSlot {
  /** The node made for it at its place (code-node.ts). */
  node: unknown;
  /** What walking it found (nested-walks.ts). */
  walk: unknown;
  /** What walking it and the statements after it found, when they were replayed together (nested-walks.ts). */
  run: unknown;
}

const EMPTY: readonly never[] = [];

/** Node types whose unnamed tokens are kept: operators, declaration kinds and modifiers. */
const TOKEN_TYPES: ReadonlySet<string> = new Set([
  // JavaScript and TypeScript
  'binary_expression',
  'assignment_expression',
  'augmented_assignment_expression',
  'unary_expression',
  'update_expression',
  'lexical_declaration',
  'variable_declaration',
  'function_declaration',
  'function_expression',
  'generator_function_declaration',
  'arrow_function',
  'method_definition',
  'for_in_statement',
  'export_statement',
  'import_statement',
  // Python
  'comparison_operator',
  'boolean_operator',
  'binary_operator',
  'augmented_assignment',
  'unary_operator',
  'not_operator',
  'function_definition',
  'for_statement',
  'with_statement',
]);

/** Statements are the unit of reuse: big enough to be worth a lookup, small enough to change rarely. */
export function isReusable(type: string): boolean {
  return type.endsWith('_statement') || type.endsWith('_declaration') || type.endsWith('_definition');
}

/** What changed since the previous version: the text edit, and where tree-sitter says structure changed. */
export interface ReuseHints {
  /** `[start, oldEnd)` of the old text became `[start, newEnd)`. */
  edit: { start: number; oldEnd: number; newEnd: number };
  /** Ranges of the new text whose syntactic structure changed (`Tree.getChangedRanges`). */
  changed: { start: number; end: number }[];
}

/**
 * The previous version's tree. A statement of the new text is taken from it when it does not touch
 * the edit, lies outside every range whose structure changed, and the node at its old place has the
 * same type and length: then its subtree is the same. The old node is found by descending from the
 * root through the children that hold its old place.
 */
export class StatementCache {
  /** The root of the previous version, once a version has been converted. */
  root: SyntaxNode | undefined;

  lookup(type: string, start: number, end: number, hints: ReuseHints): SyntaxNode | undefined {
    const { edit, changed } = hints;
    if (start <= edit.newEnd && end >= edit.start) return undefined;
    for (const range of changed) if (start <= range.end && end >= range.start) return undefined;
    const oldStart = start < edit.start ? start : start - (edit.newEnd - edit.oldEnd);
    const length = end - start;
    let node = this.root;
    let base = 0;
    while (node) {
      const i = holding(node, oldStart - base);
      if (i < 0) return undefined;
      const child = node.children[i];
      const at = base + node.offsets[i];
      if (at === oldStart && child.type === type && child.length === length) return child;
      node = child;
      base = at;
    }
    return undefined;
  }
}

/** The index of the child that holds an offset (relative to the node), or -1 (children are in order and do not overlap). */
function holding(node: SyntaxNode, offset: number): number {
  const { offsets, children } = node;
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < offsets[mid]) hi = mid - 1;
    else if (offset >= offsets[mid] + Math.max(children[mid].length, 1)) lo = mid + 1;
    else return mid;
  }
  return -1;
}

interface Converter {
  cursor: TreeCursor;
  /** False when the tree has no error or missing node at all: nothing to look for (each question crosses into wasm). */
  errors: boolean;
  fieldNames: readonly (string | null)[];
  text: string;
  cache: StatementCache;
  hints: ReuseHints | undefined;
}

/** Converts a tree, reusing what did not change in the previous version when `hints` say what changed. */
export function convertTree(
  tree: Tree,
  text: string,
  fieldNames: readonly (string | null)[],
  cache: StatementCache,
  hints?: ReuseHints,
): SyntaxNode {
  const cursor = tree.walk();
  try {
    // The root spans the whole text (tree-sitter's starts at the first token), so offsets are absolute.
    const errors = tree.rootNode.hasError;
    const c: Converter = { cursor, errors, text, fieldNames, cache, hints };
    const type = cursor.nodeType;
    const old = hints ? cache.root : undefined;
    const root = (old && splice(c, old, type, 0, text.length)) ?? build(c, type, 0, text.length);
    cache.root = root;
    return root;
  } finally {
    cursor.delete();
  }
}

/**
 * Converts the node under the cursor, which starts at `start` (leaving the cursor on it). `old` is
 * its previous version when the node holds the edit (the nodes around the edit are matched down from
 * the root).
 */
function convertCurrent(c: Converter, start: number, old: SyntaxNode | undefined): SyntaxNode {
  const { cursor } = c;
  const type = cursor.nodeType;
  const end = cursor.endIndex;
  if (old) {
    const spliced = splice(c, old, type, start, end);
    if (spliced) return spliced;
  }
  if (c.hints && isReusable(type)) {
    const cached = c.cache.lookup(type, start, end, c.hints);
    if (cached) return cached;
  }
  return build(c, type, start, end);
}

/**
 * The node under the cursor as its previous version `old` with one child converted again: when the
 * edit lies inside one named child of `old`, and so does every range whose structure changed, the
 * other children are the same (tree-sitter's changed ranges say where the two trees differ), at the
 * same offsets before that child and moved by the edit's length after it. A long function's body is
 * then not walked child by child (each step crosses into wasm) after a keystroke in one of its
 * statements. Undefined when that does not hold (the node is then converted in full).
 */
function splice(
  c: Converter,
  old: SyntaxNode,
  type: string,
  start: number,
  end: number,
): SyntaxNode | undefined {
  const { edit, changed } = c.hints!;
  const delta = edit.newEnd - edit.oldEnd;
  if (old.type !== type || old.length + delta !== end - start) return undefined;
  const k = holding(old, edit.start - start);
  if (k < 0) return undefined;
  const was = old.children[k];
  const childStart = start + old.offsets[k];
  // Strictly inside: an edit at a child's edge may join it to a neighbour or split it.
  if (!(childStart < edit.start && edit.oldEnd < childStart + was.length)) return undefined;
  const childEnd = childStart + was.length + delta;
  for (const range of changed) if (range.start < childStart || range.end > childEnd) return undefined;
  // (The cursor's own moves by offset do not work in this binding: the node API finds the child.)
  const node = c.cursor.currentNode;
  // Errors are left to a full conversion: a missing token among the unnamed children (which is not
  // recorded) may come or go without a changed range, having no width.
  if (old.hasError || (c.errors && node.hasError)) return undefined;
  const now = node.namedChild(k);
  if (!now || now.startIndex !== childStart || now.endIndex !== childEnd) return undefined;
  const field = node.fieldNameForNamedChild(k);
  const saved = c.cursor;
  const cursor = (c.cursor = now.walk());
  let child: SyntaxNode;
  try {
    child = convertCurrent(c, childStart, was);
  } finally {
    c.cursor = saved;
    cursor.delete();
  }
  const children = old.children.slice();
  children[k] = child;
  let offsets = old.offsets;
  if (delta !== 0) {
    const moved = offsets.slice();
    for (let i = k + 1; i < moved.length; i++) moved[i] += delta;
    offsets = moved;
  }
  let fields = old.fields;
  if (fields[k] !== field) {
    const relabelled = fields.slice();
    relabelled[k] = field;
    fields = relabelled;
  }
  return {
    type,
    length: end - start,
    children,
    offsets,
    fields,
    text: undefined,
    tokens: old.tokens,
    hasError: false,
    statement: old.statement && newSlot(),
  };
}

function build(c: Converter, type: string, start: number, end: number): SyntaxNode {
  const { cursor } = c;
  const keepTokens = TOKEN_TYPES.has(type);
  let children: SyntaxNode[] | undefined;
  let offsets: number[] | undefined;
  let fields: (string | null)[] | undefined;
  let tokens: string[] | undefined;
  let hasError = c.errors && (type === 'ERROR' || cursor.nodeIsMissing);
  if (cursor.gotoFirstChild()) {
    do {
      if (cursor.nodeIsNamed) {
        const childStart = cursor.startIndex;
        const fieldId = cursor.currentFieldId;
        const child = convertCurrent(c, childStart, undefined);
        (children ??= []).push(child);
        (offsets ??= []).push(childStart - start);
        (fields ??= []).push(fieldId ? (c.fieldNames[fieldId] ?? null) : null);
        if (child.hasError) hasError = true;
      } else {
        if (c.errors && cursor.nodeIsMissing) hasError = true;
        if (keepTokens) (tokens ??= []).push(cursor.nodeType);
      }
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  return {
    type,
    length: end - start,
    children: children ?? EMPTY,
    offsets: offsets ?? EMPTY,
    fields: fields ?? EMPTY,
    text: children ? undefined : c.text.slice(start, end),
    tokens: tokens ?? EMPTY,
    hasError,
    statement: isReusable(type) ? newSlot() : undefined,
  };
}

function newSlot(): StatementSlot {
  return { node: undefined, walk: undefined, run: undefined };
}
