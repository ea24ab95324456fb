/**
 * Scalar readers: plain, single- and double-quoted, and block (`|`, `>`) scalars, with YAML's line
 * folding. They follow PyYAML's scanner where YAML leaves room (what CloudFormation and cfn-lint use).
 */
import type { ScalarNode, ScalarStyle } from '../ast';
import { Ch, Cursor, isBlank, isEol, isFlowIndicator, isWsOrEnd } from './cursor';

/** Every scalar node is made here: one object shape for all of them. */
export function scalar(value: string, style: ScalarStyle, start: number, end: number): ScalarNode {
  return { kind: 'scalar', value, style, start, end };
}

/** Characters that cannot start a plain scalar (unless followed by non-space, for `-?:`). */
function canStartPlain(cur: Cursor, inFlow: boolean): boolean {
  const c = cur.at();
  switch (c) {
    case Ch.Comma:
    case Ch.LBracket:
    case Ch.RBracket:
    case Ch.LBrace:
    case Ch.RBrace:
    case Ch.Hash:
    case Ch.Amp:
    case Ch.Star:
    case Ch.Bang:
    case Ch.Pipe:
    case Ch.Gt:
    case Ch.SQuote:
    case Ch.DQuote:
    case Ch.Percent:
    case Ch.At:
    case Ch.Backtick:
      return false;
    case Ch.Dash:
    case Ch.Question:
    case Ch.Colon: {
      const next = cur.at(cur.pos + 1);
      return !isWsOrEnd(next) && !(inFlow && isFlowIndicator(next));
    }
    default:
      return !isWsOrEnd(c);
  }
}

/** True where a plain scalar's chunk ends: blanks, `: `, and in flow context `,?[]{}`. */
function endsChunk(src: string, p: number, inFlow: boolean): boolean {
  const c = src.charCodeAt(p);
  if (isWsOrEnd(c)) return true;
  if (c === Ch.Colon) {
    const next = src.charCodeAt(p + 1);
    return isWsOrEnd(next) || (inFlow && isFlowIndicator(next));
  }
  return inFlow && (isFlowIndicator(c) || c === Ch.Question);
}

/**
 * Reads a plain scalar, mirroring PyYAML's `scan_plain`: chunks of non-blank text joined by folded
 * whitespace. In block context continuation lines must be indented deeper than `parentIndent`; in
 * flow context indentation is ignored, as PyYAML does (the npm `yaml` package is stricter there).
 */
export function readPlain(cur: Cursor, parentIndent: number, inFlow: boolean): ScalarNode {
  const src = cur.src;
  const start = cur.pos;
  if (!canStartPlain(cur, inFlow)) cur.fail(`unexpected character '${src[start]}'`);
  // The value is built from chunks only once a line break is folded: until then it is the text
  // itself, sliced once at the end (most scalars sit on one line, blanks and all).
  let value = '';
  let folded = false;
  let end = start;
  let separator = '';
  for (;;) {
    if (src.charCodeAt(cur.pos) === Ch.Hash) break;
    let p = cur.pos;
    // The first character was vetted by canStartPlain (it may be `-`, `?` or `:` followed by text).
    if (p === start) p++;
    while (!endsChunk(src, p, inFlow)) p++;
    if (p === cur.pos) break;
    if (folded) value += separator + src.slice(cur.pos, p);
    cur.pos = end = p;
    // The whitespace after a chunk: blanks on this line, or line breaks to a continuation line.
    cur.skipBlanks();
    if (!isEol(cur.at()) || cur.eof) {
      if (cur.pos === end || cur.at() === Ch.Hash) break;
      if (folded) separator = src.slice(end, cur.pos);
      continue;
    }
    let breaks = 0;
    let lineStart = cur.pos;
    while (cur.skipLineBreak()) {
      breaks++;
      lineStart = cur.pos;
      if (cur.atDocumentMarker()) break;
      cur.skipBlanks();
    }
    // The line start is known here, so neither check needs to search back for it.
    if (cur.eof || cur.atDocumentMarker(lineStart) || cur.at() === Ch.Hash) break;
    if (!inFlow && cur.pos - lineStart <= parentIndent) break;
    if (!folded) {
      folded = true;
      value = src.slice(start, end);
    }
    separator = breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  }
  cur.pos = end;
  return scalar(folded ? value : src.slice(start, end), 'plain', start, end);
}

/** Folds the line breaks met inside a quoted scalar: one break is a space, n breaks are n-1 newlines. */
function foldBreaks(cur: Cursor): string {
  let breaks = 0;
  while (cur.skipLineBreak()) {
    breaks++;
    cur.skipBlanks();
  }
  if (cur.atDocumentMarker(cur.lineStart(cur.pos)) && cur.col() === 0)
    cur.fail('unexpected document marker inside a quoted scalar');
  return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
}

function trimTrailingBlanks(text: string): string {
  let i = text.length;
  while (i > 0 && (text.charCodeAt(i - 1) === Ch.Space || text.charCodeAt(i - 1) === Ch.Tab)) i--;
  return text.slice(0, i);
}

export function readSingleQuoted(cur: Cursor): ScalarNode {
  const src = cur.src;
  const start = cur.pos++;
  let value = '';
  let run = cur.pos;
  for (;;) {
    const c = src.charCodeAt(cur.pos);
    if (Number.isNaN(c)) cur.fail('unterminated single-quoted string', start, start + 1);
    if (c === Ch.SQuote) {
      value += src.slice(run, cur.pos);
      if (src.charCodeAt(cur.pos + 1) === Ch.SQuote) {
        value += "'";
        cur.pos += 2;
        run = cur.pos;
        continue;
      }
      cur.pos++;
      return scalar(value, 'single', start, cur.pos);
    }
    if (c === Ch.LF || c === Ch.CR) {
      value = trimTrailingBlanks(value + src.slice(run, cur.pos)) + foldBreaks(cur);
      run = cur.pos;
      continue;
    }
    cur.pos++;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

const HEX_ESCAPE_LENGTHS: Record<string, number> = { x: 2, u: 4, U: 8 };

export function readDoubleQuoted(cur: Cursor): ScalarNode {
  const src = cur.src;
  const start = cur.pos++;
  let value = '';
  let run = cur.pos;
  for (;;) {
    const c = src.charCodeAt(cur.pos);
    if (Number.isNaN(c)) cur.fail('unterminated double-quoted string', start, start + 1);
    if (c === Ch.DQuote) {
      value += src.slice(run, cur.pos);
      cur.pos++;
      return scalar(value, 'double', start, cur.pos);
    }
    if (c === Ch.Backslash) {
      value += src.slice(run, cur.pos);
      const e = src[cur.pos + 1];
      if (e === '\n' || e === '\r') {
        // An escaped line break joins the lines without a space.
        cur.pos++;
        cur.skipLineBreak();
        while (cur.skipLineBreak() || isBlank(cur.at())) {
          if (isBlank(cur.at())) cur.pos++;
          else value += '\n';
        }
      } else if (e in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[e];
        cur.pos += 2;
      } else if (e in HEX_ESCAPE_LENGTHS) {
        const n = HEX_ESCAPE_LENGTHS[e];
        const hex = src.slice(cur.pos + 2, cur.pos + 2 + n);
        if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex))
          cur.fail(`invalid escape '\\${e}${hex}'`, cur.pos, cur.pos + 2 + n);
        value += String.fromCodePoint(parseInt(hex, 16));
        cur.pos += 2 + n;
      } else {
        cur.fail(`unknown escape '\\${e ?? ''}'`, cur.pos, cur.pos + 2);
      }
      run = cur.pos;
      continue;
    }
    if (c === Ch.LF || c === Ch.CR) {
      // Only blanks written before the break are trimmed: an escaped `\t` there is content.
      value += trimTrailingBlanks(src.slice(run, cur.pos)) + foldBreaks(cur);
      run = cur.pos;
      continue;
    }
    cur.pos++;
  }
}

/** Reads a `|` or `>` block scalar whose content must be indented deeper than `parentIndent`. */
export function readBlockScalar(cur: Cursor, parentIndent: number): ScalarNode {
  const src = cur.src;
  const start = cur.pos;
  const folded = src.charCodeAt(cur.pos++) === Ch.Gt;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  let increment = 0;
  for (let i = 0; i < 2; i++) {
    const c = cur.at();
    if (c === Ch.Plus || c === Ch.Dash) {
      chomp = c === Ch.Plus ? 'keep' : 'strip';
      cur.pos++;
    } else if (c >= 49 && c <= 57) {
      increment = c - 48;
      cur.pos++;
    }
  }
  const afterIndicators = cur.pos;
  cur.skipBlanks();
  if (cur.at() === Ch.Hash && cur.pos === afterIndicators)
    cur.fail("a comment after a block scalar indicator needs a space before its '#'");
  cur.skipComment();
  if (!isEol(cur.at())) cur.fail('expected a comment or a line break after a block scalar indicator');
  const headerEnd = cur.pos;
  if (!cur.skipLineBreak()) {
    return scalar('', folded ? 'folded' : 'literal', start, headerEnd);
  }
  const minIndent = Math.max(parentIndent + 1, 1);
  let indent = increment ? Math.max(parentIndent, 0) + increment : -1;
  const lines: string[] = [];
  let end = headerEnd;
  let lastBreak = false; // whether the last content line ended with a line break
  let contentLines = 0; // lines up to the last one with content (the rest belong to chomping)
  // The widest blank line before the indentation is known, which no content line may be narrower than.
  let widestLeadingBlank = 0;
  let widestLeadingBlankAt = 0;
  for (;;) {
    const lineStart = cur.pos;
    if (lineStart >= src.length) break;
    let p = lineStart;
    while (src.charCodeAt(p) === Ch.Space) p++;
    const c = src.charCodeAt(p);
    const width = p - lineStart;
    // A line of spaces is empty up to the indentation; spaces past it are content (PyYAML agrees).
    const blankLine = isEol(c) && (indent === -1 || width <= indent);
    if (!isEol(c) && indent === -1) {
      if (c === Ch.Tab && width < minIndent)
        cur.fail('a tab character in indentation: YAML indents with spaces only', p, p + 1);
      if (width >= minIndent && widestLeadingBlank > width)
        cur.fail(
          "a blank line before a block scalar's first line has more spaces than that line",
          widestLeadingBlankAt,
          widestLeadingBlankAt + widestLeadingBlank,
        );
      indent = Math.max(width, minIndent);
    }
    if (!blankLine && (width < indent || cur.atDocumentMarker(lineStart))) break;
    if (blankLine && indent === -1 && width > widestLeadingBlank) {
      widestLeadingBlank = width;
      widestLeadingBlankAt = lineStart;
    }
    let nl = src.indexOf('\n', lineStart);
    if (nl === -1) nl = src.length;
    const lineEnd = src.charCodeAt(nl - 1) === Ch.CR ? nl - 1 : nl;
    // Leading blank lines (before the indentation is known) contribute only their line break.
    lines.push(
      blankLine
        ? indent === -1
          ? ''
          : src.slice(Math.min(lineStart + indent, lineEnd), lineEnd)
        : src.slice(lineStart + indent, lineEnd),
    );
    if (!blankLine) {
      end = lineEnd;
      lastBreak = nl < src.length;
      contentLines = lines.length;
    }
    cur.pos = nl < src.length ? nl + 1 : nl;
  }
  // Trailing blank lines belong to chomping, not to the content range.
  const body = lines.slice(0, contentLines);
  const trailing = lines.length - contentLines;
  let text = folded ? foldBlock(body) : body.join('\n');
  // Chomping keeps only the line breaks the text really has (a file may end without one).
  if (chomp === 'keep') text += '\n'.repeat(trailing + (body.length && lastBreak ? 1 : 0));
  else if (chomp === 'clip' && body.length && lastBreak) text += '\n';
  // Leave the cursor at the end of the content so the caller sees the following line break.
  cur.pos = end;
  return scalar(text, folded ? 'folded' : 'literal', start, end);
}

/** Folding for `>`: lines are joined by spaces unless empty or more indented. */
function foldBlock(lines: string[]): string {
  let out = '';
  let prevMoreIndented = false;
  let pendingEmpty = 0;
  let first = true;
  for (const line of lines) {
    if (line === '') {
      pendingEmpty++;
      continue;
    }
    const moreIndented = line.charCodeAt(0) === Ch.Space || line.charCodeAt(0) === Ch.Tab;
    if (!first) {
      if (pendingEmpty) out += '\n'.repeat(pendingEmpty + (moreIndented || prevMoreIndented ? 1 : 0));
      else out += moreIndented || prevMoreIndented ? '\n' : ' ';
    } else if (pendingEmpty) {
      out += '\n'.repeat(pendingEmpty);
    }
    out += line;
    pendingEmpty = 0;
    prevMoreIndented = moreIndented;
    first = false;
  }
  return out;
}
