/**
 * Character-level state shared by the YAML structure and scalar readers: the text, the offset, and
 * the small predicates every reader needs. Works on char codes for speed.
 */

export const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  Bang = 33,
  DQuote = 34,
  Hash = 35,
  Percent = 37,
  Amp = 38,
  SQuote = 39,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Dash = 45,
  Dot = 46,
  Colon = 58,
  Lt = 60,
  Gt = 62,
  Question = 63,
  At = 64,
  LBracket = 91,
  Backslash = 92,
  RBracket = 93,
  Backtick = 96,
  LBrace = 123,
  Pipe = 124,
  RBrace = 125,
  BOM = 0xfeff,
}

/** Thrown by readers at the first problem; the structure parser records it and recovers. */
export class YamlError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/**
 * A flow collection that runs past the lines it belongs to. Reported at its opening bracket; the
 * block parser resumes at the first line after it that is not deeper than the enclosing block, so
 * the keys the unclosed bracket swallowed are read again and one mistake gives one error.
 */
export class UnclosedFlowError extends YamlError {}

export function isEol(c: number): boolean {
  return c === Ch.LF || c === Ch.CR || Number.isNaN(c);
}

export function isBlank(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab;
}

/** Whitespace, a line break or the end of the text. */
export function isWsOrEnd(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab || c === Ch.LF || c === Ch.CR || Number.isNaN(c);
}

export function isFlowIndicator(c: number): boolean {
  return c === Ch.Comma || c === Ch.LBracket || c === Ch.RBracket || c === Ch.LBrace || c === Ch.RBrace;
}

export class Cursor {
  pos = 0;
  readonly len: number;
  /**
   * Where the last `skipSpace` that crossed a line break found a tab in the leading whitespace of the
   * line it stopped on, or -1: YAML indents with spaces only, and the structure readers decide
   * whether that tab was indentation (an error) or separation (allowed before a scalar).
   */
  tabInIndent = -1;
  /** Where the first line starts: after a byte order mark, if any. */
  private readonly base: number;

  constructor(readonly src: string) {
    this.len = src.length;
    this.base = src.charCodeAt(0) === Ch.BOM ? 1 : 0;
    this.pos = this.base;
  }

  at(offset = this.pos): number {
    return this.src.charCodeAt(offset);
  }

  get eof(): boolean {
    return this.pos >= this.len;
  }

  /** Column (0-based) of an offset. */
  col(offset = this.pos): number {
    return offset - this.lineStart(offset);
  }

  lineStart(offset: number): number {
    const start = this.src.lastIndexOf('\n', offset - 1) + 1;
    return start === 0 ? this.base : start;
  }

  /** Skips spaces and tabs on the current line. */
  skipBlanks(): void {
    let c = this.src.charCodeAt(this.pos);
    while (c === Ch.Space || c === Ch.Tab) c = this.src.charCodeAt(++this.pos);
  }

  /** Skips a comment (when at one) up to, not including, the line break. */
  skipComment(): void {
    if (this.src.charCodeAt(this.pos) !== Ch.Hash) return;
    const nl = this.src.indexOf('\n', this.pos);
    this.pos = nl === -1 ? this.len : nl;
    if (this.src.charCodeAt(this.pos - 1) === Ch.CR) this.pos--;
  }

  /** Skips one line break (LF or CRLF or CR) if at one. */
  skipLineBreak(): boolean {
    const c = this.src.charCodeAt(this.pos);
    if (c === Ch.LF) {
      this.pos++;
      return true;
    }
    if (c === Ch.CR) {
      this.pos += this.src.charCodeAt(this.pos + 1) === Ch.LF ? 2 : 1;
      return true;
    }
    return false;
  }

  /**
   * Skips blanks, comments and line breaks up to the next content. Returns true when at least one
   * line break was crossed (the next token starts a new line).
   */
  skipSpace(): boolean {
    let crossed = false;
    this.skipBlanks();
    for (;;) {
      if (this.src.charCodeAt(this.pos) === Ch.Hash) this.skipComment();
      if (!this.skipLineBreak()) return crossed;
      crossed = true;
      // Leading spaces, then any blanks: noting the first tab costs nothing on the common path.
      let c = this.src.charCodeAt(this.pos);
      while (c === Ch.Space) c = this.src.charCodeAt(++this.pos);
      this.tabInIndent = -1;
      if (c === Ch.Tab) {
        this.tabInIndent = this.pos;
        this.skipBlanks();
      }
    }
  }

  /** True at a `---` or `...` marker in column 0. */
  atDocumentMarker(offset = this.pos): boolean {
    const c = this.src.charCodeAt(offset);
    if (c !== Ch.Dash && c !== Ch.Dot) return false;
    if (
      offset !== this.base &&
      this.src.charCodeAt(offset - 1) !== Ch.LF &&
      this.src.charCodeAt(offset - 1) !== Ch.CR
    ) {
      return false;
    }
    return (
      this.src.charCodeAt(offset + 1) === c &&
      this.src.charCodeAt(offset + 2) === c &&
      isWsOrEnd(this.src.charCodeAt(offset + 3))
    );
  }

  fail(message: string, start = this.pos, end = Math.min(start + 1, this.len)): never {
    throw new YamlError(message, start, Math.max(end, start));
  }
}
