/** Pieces the code rules share: object properties, statement lines, and where module-level code goes. */
import { type CodeNode, unwrap } from './code-node';
import type { CodeModel } from './model';
import { propertyName } from './patterns';

/** The `key: value` pair of an object literal with that key (the last one, as at run time). */
export function objectProperty(object: CodeNode | undefined, name: string): CodeNode | undefined {
  const target = unwrap(object);
  if (target?.type !== 'object') return undefined;
  let found: CodeNode | undefined;
  for (const entry of target.items) {
    if (entry.type === 'pair' && propertyName(entry.field('key')) === name) found = entry;
    else if (entry.type === 'shorthand_property_identifier' && entry.text === name) found = entry;
  }
  return found;
}

/** True when an object literal has a spread (`...rest`): keys may come from elsewhere. */
export function hasSpread(object: CodeNode | undefined): boolean {
  const target = unwrap(object);
  return target?.type === 'object' && target.items.some((e) => e.type === 'spread_element');
}

/** The statement of the module (a child of the root) that holds a node. */
export function topLevelStatement(model: CodeModel, node: CodeNode): CodeNode | undefined {
  let current: CodeNode | null = node;
  while (current && current.parent !== model.root) current = current.parent;
  return current ?? undefined;
}

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line break ending the line holding `offset` (or the end of the text). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * Where module-level code goes so that it runs before a top-level statement: at the start of its
 * line, above the comments that belong to it (those directly above, without a blank line between).
 */
export function insertionPointBefore(model: CodeModel, statement: CodeNode): number {
  const siblings = model.root.children;
  let index = siblings.indexOf(statement);
  let at = lineStart(model.text, statement.start);
  while (index > 0) {
    const previous = siblings[index - 1];
    if (previous.type !== 'comment' && previous.type !== 'decorator') break;
    const between = model.text.slice(previous.end, at);
    if (between.split('\n').length > 2 || between.trim() !== '') break;
    // The comment must start its own line (not trail the code before it).
    if (model.text.slice(lineStart(model.text, previous.start), previous.start).trim() !== '') break;
    at = lineStart(model.text, previous.start);
    index--;
  }
  return at;
}

/**
 * The whole lines a statement occupies, when nothing else shares them (only blanks before it, and
 * blanks or a comment after it): `[start of its first line, start of the line after it)`.
 */
export function ownLines(model: CodeModel, statement: CodeNode): { start: number; end: number } | undefined {
  const text = model.text;
  const start = lineStart(text, statement.start);
  if (text.slice(start, statement.start).trim() !== '') return undefined;
  const end = nextLineStart(text, statement.end);
  const rest = text.slice(statement.end, end).trim();
  if (
    rest !== '' &&
    !model.comments.some(
      (c) => c.start >= statement.end && c.end <= end && text.slice(statement.end, c.start).trim() === '',
    )
  )
    return undefined;
  return { start, end };
}

/** Removes a common indentation from every line of a block of text. */
export function dedentBlock(block: string, indent: string): string {
  return block
    .split('\n')
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
}

/** The identifiers an expression reads (not property names, not keyword-argument names). */
export function identifiersRead(node: CodeNode): CodeNode[] {
  const out: CodeNode[] = [];
  node.walk((n) => {
    if (n.type === 'identifier' || n.type === 'shorthand_property_identifier') {
      const parent = n.parent;
      if (parent?.type === 'keyword_argument' && n.fieldName === 'name') return false;
      if (parent?.type === 'attribute' && n.fieldName === 'attribute') return false;
      out.push(n);
      return false;
    }
    return true;
  });
  return out;
}
