/**
 * The fast path of the block parser: most lines of a template are `Key: value` with a plain key and
 * a plain one-line value (`Runtime: nodejs22.x`, `Handler: index.handler`). These readers recognise
 * exactly that, with a few table look-ups per character, and return null for anything else (quotes,
 * tags, anchors, aliases, comments, tabs, carriage returns, non-ASCII text, a value that might go on
 * on the next line), which the general readers then take. Either way the node is the same: the
 * fast path must never change what is read, only how quickly (test/parse/simple-line.test.ts).
 */
import type { ScalarNode } from '../ast';
import { Ch, type Cursor } from './cursor';
import { scalar } from './scalars';

/** Switched off by the tests that compare what the fast path reads with what the general readers read. */
export const simpleLines = { enabled: true };

/** Characters a simple key is made of, and those that may start a simple value (both ASCII). */
const KEY_CHAR = new Uint8Array(128);
const VALUE_START = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  KEY_CHAR[c] = alnum || c === 95 /* _ */ || c === Ch.Dot || c === Ch.Dash || c === 47 /* / */ ? 1 : 0;
  VALUE_START[c] = alnum || c === 95 || c === Ch.Dot || c === 47 || c === 36 /* $ */ ? 1 : 0;
}

/**
 * At the start of an entry: a key of letters, digits and `_.-/` (starting with a letter, digit or
 * `_`) followed by `:` and a space or the end of the line. Leaves the cursor after the key.
 */
export function readSimpleKey(cur: Cursor): ScalarNode | null {
  if (!simpleLines.enabled) return null;
  const src = cur.src;
  const start = cur.pos;
  let c = src.charCodeAt(start);
  if (!(c < 128 && KEY_CHAR[c]) || c === Ch.Dot || c === Ch.Dash || c === 47) return null;
  let p = start + 1;
  for (c = src.charCodeAt(p); c < 128 && KEY_CHAR[c]; c = src.charCodeAt(++p));
  if (c !== Ch.Colon) return null;
  const after = src.charCodeAt(p + 1);
  if (after !== Ch.Space && after !== Ch.LF) return null;
  cur.pos = p;
  return scalar(src.slice(start, p), 'plain', start, p);
}

/**
 * Just after a key's `:`: blanks, then a plain value that ends on this line. `indent` is the
 * mapping's indentation: the value ends on this line when the next line with content (blank lines
 * are skipped) is a comment or is indented no deeper than the mapping. Leaves the cursor after the
 * value (before any trailing blanks), as the general reader does.
 */
export function readSimpleValue(cur: Cursor, indent: number): ScalarNode | null {
  if (!simpleLines.enabled) return null;
  const src = cur.src;
  let p = cur.pos;
  if (src.charCodeAt(p) !== Ch.Space) return null;
  while (src.charCodeAt(++p) === Ch.Space);
  const start = p;
  let c = src.charCodeAt(p);
  if (!(c < 128 && VALUE_START[c])) return null;
  let end = ++p;
  for (;;) {
    c = src.charCodeAt(p);
    if (c === Ch.LF || Number.isNaN(c)) break;
    // Printable ASCII only; `: ` and ` #` (a nested mapping or an error, a comment) go the long way.
    if (c < 32 || c > 126) return null;
    if (c === Ch.Space) {
      p++;
      continue;
    }
    if (c === Ch.Colon) {
      const next = src.charCodeAt(p + 1);
      if (next === Ch.Space || next === Ch.LF || Number.isNaN(next)) return null;
    } else if (c === Ch.Hash && src.charCodeAt(p - 1) === Ch.Space) return null;
    end = ++p;
  }
  // The next line with content must not carry the value on.
  while (p < src.length) {
    let q = p + 1;
    while (src.charCodeAt(q) === Ch.Space) q++;
    c = src.charCodeAt(q);
    if (c === Ch.LF) {
      p = q;
      continue;
    }
    if (Number.isNaN(c) || c === Ch.Hash) break;
    if (c === Ch.CR || c === Ch.Tab || q - (p + 1) > indent) return null;
    break;
  }
  cur.pos = end;
  return scalar(src.slice(start, end), 'plain', start, end);
}
