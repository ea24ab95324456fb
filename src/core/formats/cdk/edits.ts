/**
 * Text edits in CDK app code that keep the code's own layout: remove one prop (or keyword argument)
 * from an object literal or argument list, with its comma, and its line when it had one to itself;
 * insert props after the last one, one per line when the object is written that way; remove a
 * statement.
 */
import type { CodeNode } from '../../code/code-node';
import type { OffsetEdit } from '../../fix/edits';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding `offset`, past its line break. */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** Offset past a comma (and blanks) that follows `offset`, or `offset` when none does. */
function pastComma(text: string, offset: number): number {
  const m = /^[ \t]*,/.exec(text.slice(offset, offset + 200));
  return m ? offset + m[0].length : offset;
}

/** True when only blanks (or a line comment) follow `offset` on its line. */
function restOfLineEmpty(text: string, offset: number): boolean {
  const end = lineEnd(text, offset);
  return /^[ \t]*(?:(?:\/\/|#).*)?\r?\n?$/.test(text.slice(offset, end));
}

/** Removes `item` from the object literal or argument list `container`. */
export function removeItem(text: string, container: CodeNode, item: CodeNode): OffsetEdit[] {
  const items = container.items;
  const index = items.indexOf(item);
  if (index === -1) return [];
  const start = lineStart(text, item.start);
  const afterComma = pastComma(text, item.end);
  // Alone on its lines: take the lines (a trailing comment on them goes with it).
  if (/^[ \t]*$/.test(text.slice(start, item.start)) && restOfLineEmpty(text, afterComma))
    return [{ start, end: lineEnd(text, afterComma), newText: '' }];
  if (index < items.length - 1) return [{ start: item.start, end: items[index + 1].start, newText: '' }];
  if (index > 0) return [{ start: items[index - 1].end, end: afterComma, newText: '' }];
  return [{ start: item.start, end: afterComma, newText: '' }];
}

/**
 * Inserts `entries` (already written: `memorySize: 128`, `memory_size=128`) after the last item of an
 * object literal or argument list; undefined when it has no item to align with and is not empty.
 */
export function insertItems(text: string, container: CodeNode, entries: readonly string[]): OffsetEdit[] {
  const items = container.items;
  const close = container.end - 1;
  if (items.length === 0) {
    const inner = text.slice(container.start + 1, close);
    if (inner.trim() !== '') return [];
    const braces = container.type === 'object';
    return [
      {
        start: container.start + 1,
        end: close,
        newText: braces ? ` ${entries.join(', ')} ` : entries.join(', '),
      },
    ];
  }
  const last = items[items.length - 1];
  const afterComma = pastComma(text, last.end);
  const hasComma = afterComma !== last.end;
  const indent = text.slice(lineStart(text, last.start), last.start);
  if (/^[ \t]*$/.test(indent) && text.slice(container.start, last.start).includes('\n')) {
    // One per line: continue the layout at the last item's indentation.
    const lines = entries.map((e) => `\n${indent}${e},`).join('');
    return [{ start: afterComma, end: afterComma, newText: `${hasComma ? '' : ','}${lines}` }];
  }
  return [{ start: last.end, end: last.end, newText: entries.map((e) => `, ${e}`).join('') }];
}

/** Removes the statement a call is (`cp.addFunction(fn);`); undefined when the call is part of a larger expression. */
export function removeStatement(text: string, call: CodeNode): OffsetEdit[] | undefined {
  const statement = call.parent;
  if (statement?.type !== 'expression_statement') return undefined;
  const start = lineStart(text, statement.start);
  if (/^[ \t]*$/.test(text.slice(start, statement.start)) && restOfLineEmpty(text, statement.end))
    return [{ start, end: lineEnd(text, statement.end), newText: '' }];
  return [{ start: statement.start, end: statement.end, newText: '' }];
}
