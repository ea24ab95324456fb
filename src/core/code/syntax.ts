/**
 * A compact, immutable copy of a tree-sitter tree: plain objects that are fast to walk from
 * JavaScript (each access to a tree-sitter node crosses into WebAssembly). A node does not know where
 * it is: its parent records where each child starts. That lets an unchanged statement's subtree be
 * reused as it is after an edit elsewhere, wherever it has moved to, so a keystroke converts only the
 * statements around the edit.
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
  /** The nearest reusable statements below this one (see `StatementCache`); undefined for other nodes. */
  readonly reusable: Reusable | undefined;
}

/** Statements in order, with their offsets (relative to the enclosing reusable statement). */
interface Reusable {
  readonly offsets: readonly number[];
  readonly nodes: readonly SyntaxNode[];
}

/** Statements found while converting (absolute offsets), in order. */
interface Found {
  offsets: number[];
  nodes: SyntaxNode[];
}

const NO_REUSABLE: Reusable = { offsets: [], nodes: [] };

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
 * The previous version's statements. A statement of the new text is taken from it when it does not
 * touch the edit, lies outside every range whose structure changed, and the statement at its old
 * place has the same type and length: then its subtree is the same. Only the top-level statements are
 * recorded (in order); a nested one is found by descending through the reusable statements that hold
 * its old place, so a version costs nothing per unchanged statement.
 */
export class StatementCache {
  private previous: Reusable = NO_REUSABLE;

  lookup(type: string, start: number, end: number, hints: ReuseHints): SyntaxNode | undefined {
    const { edit, changed } = hints;
    if (start <= edit.newEnd && end >= edit.start) return undefined;
    for (const range of changed) if (start <= range.end && end >= range.start) return undefined;
    const oldStart = start < edit.start ? start : start - (edit.newEnd - edit.oldEnd);
    const length = end - start;
    let entries = this.previous;
    let base = 0;
    for (let depth = 0; depth < 1000; depth++) {
      const i = holding(entries, oldStart - base);
      if (i < 0) return undefined;
      const node = entries.nodes[i];
      const at = base + entries.offsets[i];
      if (at === oldStart && node.type === type && node.length === length) return node;
      entries = node.reusable ?? NO_REUSABLE;
      base = at;
    }
    return undefined;
  }

  /** Ends a conversion: its top-level statements (absolute offsets, in order) are what the next one may reuse. */
  rotate(statements: Reusable): void {
    this.previous = statements;
  }
}

/** The index of the statement that holds an offset, or -1 (statements are in order and do not overlap). */
function holding(entries: Reusable, offset: number): number {
  const { offsets, nodes } = entries;
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < offsets[mid]) hi = mid - 1;
    else if (offset >= offsets[mid] + Math.max(nodes[mid].length, 1)) lo = mid + 1;
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

/** Converts a tree, reusing unchanged statements of the previous version when `hints` say what changed. */
export function convertTree(
  tree: Tree,
  text: string,
  fieldNames: readonly (string | null)[],
  cache: StatementCache,
  hints?: ReuseHints,
): SyntaxNode {
  const cursor = tree.walk();
  try {
    const statements: Found = { offsets: [], nodes: [] };
    // The root spans the whole text (tree-sitter's starts at the first token), so offsets are absolute.
    const errors = tree.rootNode.hasError;
    const root = build(
      { cursor, errors, text, fieldNames, cache, hints },
      cursor.nodeType,
      0,
      text.length,
      statements,
    );
    cache.rotate(statements);
    return root;
  } finally {
    cursor.delete();
  }
}

/** Converts the node under the cursor, which starts at `start` (leaving the cursor on it); reusable statements go into `found`. */
function convertCurrent(c: Converter, start: number, found: Found): SyntaxNode {
  const { cursor } = c;
  const type = cursor.nodeType;
  const end = cursor.endIndex;
  if (!isReusable(type)) return build(c, type, start, end, found);
  const cached = c.hints && c.cache.lookup(type, start, end, c.hints);
  const node = cached || build(c, type, start, end, { offsets: [], nodes: [] });
  found.offsets.push(start);
  found.nodes.push(node);
  return node;
}

function build(c: Converter, type: string, start: number, end: number, found: Found): SyntaxNode {
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
        const child = convertCurrent(c, childStart, found);
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
  let reusable: Reusable | undefined;
  if (isReusable(type))
    reusable =
      found.nodes.length === 0
        ? NO_REUSABLE
        : { offsets: found.offsets.map((offset) => offset - start), nodes: found.nodes };
  return {
    type,
    length: end - start,
    children: children ?? EMPTY,
    offsets: offsets ?? EMPTY,
    fields: fields ?? EMPTY,
    text: children ? undefined : c.text.slice(start, end),
    tokens: tokens ?? EMPTY,
    hasError,
    reusable,
  };
}
