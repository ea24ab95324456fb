/**
 * Text edits that keep every comment and all formatting outside the span they change: remove a
 * key/value pair, replace a value, insert a pair into a mapping. Block YAML, flow YAML and JSON alike.
 */
import { type MapNode, type Node, type Pair, lineStartAt } from '../parse/ast';
import type { TemplateDocument } from '../formats/cloudformation/template';

/** A replacement of the text between two offsets. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** Offset just past the line break that ends the line holding `offset` (or the end of text). */
function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl === -1 ? text.length : nl;
  // A lone CR breaks a line too (the parser reads it as one); a CR before an LF is part of that break.
  for (let i = offset; i < end; i++)
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) !== 10) return i + 1;
  return nl === -1 ? text.length : nl + 1;
}

/** End of a pair as written: its value's end, or the end of the key for an empty value. */
function pairEnd(pair: Pair): number {
  return Math.max(pair.key.end, pair.value.end);
}

/** Removes a pair. A block mapping left empty becomes `{}` so it stays a mapping. */
export function removePair(doc: TemplateDocument, container: MapNode, pair: Pair): OffsetEdit[] {
  const text = doc.text;
  // Edits go by the pairs as written: a pair merged from an anchor (`<<: *base`) is not removed here.
  const pairs = container.written ?? container.pairs;
  const index = pairs.indexOf(pair);
  if (index === -1) return [];
  if (!container.flow) {
    const start = lineStartAt(text, pair.key.start);
    const end = nextLineStart(text, pairEnd(pair));
    const onlyPair = pairs.length === 1;
    const indent = text.slice(start, pair.key.start);
    return [{ start, end, newText: onlyPair ? `${/^\s*$/.test(indent) ? indent : ''}{}\n` : '' }];
  }
  // Flow mapping or JSON object: take the separating comma with the pair.
  if (pairs.length === 1) return [{ start: container.start + 1, end: container.end - 1, newText: '' }];
  if (index < pairs.length - 1) {
    const next = pairs[index + 1];
    return [{ start: pair.key.start, end: next.key.start, newText: '' }];
  }
  const previous = pairs[index - 1];
  return [{ start: pairEnd(previous), end: pairEnd(pair), newText: '' }];
}

/** Replaces a value node's text. */
export function replaceNode(node: Node, newText: string): OffsetEdit {
  return { start: node.tag ? node.tag.start : node.start, end: node.end, newText };
}

/** Formats a key for the document's syntax. */
function keyFor(doc: TemplateDocument, key: string): string {
  return doc.syntax === 'json' ? JSON.stringify(key) : key;
}

/**
 * Inserts `key: value` pairs into a mapping, after its last pair, matching the indentation of the
 * existing keys. `values` are written as given (numbers, words, quoted strings).
 */
export function insertPairs(doc: TemplateDocument, map: MapNode, entries: [string, string][]): OffsetEdit[] {
  const text = doc.text;
  // After the last pair as written (merged pairs live in the anchored mapping).
  const pairs = map.written ?? map.pairs;
  if (map.flow) {
    const items = entries.map(([k, v]) => `${keyFor(doc, k)}: ${v}`);
    if (pairs.length === 0)
      return [{ start: map.start + 1, end: map.end - 1, newText: ` ${items.join(', ')} ` }];
    const last = pairs[pairs.length - 1];
    // One pair per line: continue that layout, at the last key's indentation.
    const lastIndent = text.slice(lineStartAt(text, last.key.start), last.key.start);
    if (spansLines(text, map.start, map.end) && /^[ \t]*$/.test(lastIndent)) {
      return [
        {
          start: pairEnd(last),
          end: pairEnd(last),
          newText: items.map((i) => `,\n${lastIndent}${i}`).join(''),
        },
      ];
    }
    return [{ start: pairEnd(last), end: pairEnd(last), newText: items.map((i) => `, ${i}`).join('') }];
  }
  // A block mapping whose entries could not be read has no indentation to follow, nor one written with
  // an explicit key (`? …`) that is empty: no edit (an insert there would not parse).
  if (pairs.length === 0 || pairs.some((pair) => pair.key.start === pair.key.end)) return [];
  const first = pairs[0];
  const indent = ' '.repeat(entryColumn(text, first.key.start) - lineStartAt(text, first.key.start));
  const last = pairs[pairs.length - 1];
  const at = nextLineStart(text, pairEnd(last));
  const needsBreak = at === text.length && !text.endsWith('\n');
  const lines = entries.map(([k, v]) => `${indent}${k}: ${v}\n`).join('');
  return [{ start: at, end: at, newText: (needsBreak ? '\n' : '') + lines }];
}

function spansLines(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/**
 * Where a block mapping's entry starts: its key, or the anchor and tag written before the key on its
 * line (`&base Timeout: 3`), whose column is the mapping's indentation.
 */
function entryColumn(text: string, keyStart: number): number {
  let at = keyStart;
  for (;;) {
    let i = at;
    while (i > 0 && text[i - 1] === ' ') i--;
    let token = i;
    while (token > 0 && !/[\s]/.test(text[token - 1])) token--;
    if (token === i || (text[token] !== '&' && text[token] !== '!')) return at;
    at = token;
  }
}

/** Applies edits to a text (edits must not overlap; any order), building the result once. */
export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: string[] = [];
  let at = 0;
  for (const edit of sorted) {
    parts.push(text.slice(at, edit.start), edit.newText);
    at = Math.max(at, edit.end);
  }
  parts.push(text.slice(at));
  return parts.join('');
}
