/**
 * Fix edits follow the line ending of the file they edit. Rules and edit builders write `\n`; a file
 * written with CRLF (Windows editors, `core.autocrlf`) must not get LF lines mixed in, which editors
 * then show as changed line endings and some tools reject.
 */

/** The file's line ending: CRLF when its first line break is one, else LF. */
export function lineEndingOf(text: string): '\n' | '\r\n' {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}

/** `newText` with its bare line feeds written as `eol` (line breaks already CRLF stay as they are). */
export function withLineEnding(newText: string, eol: '\n' | '\r\n'): string {
  return eol === '\n' || !newText.includes('\n') ? newText : newText.replace(/\r?\n/g, '\r\n');
}

/** Edits whose new text follows the line ending of `text`. */
export function followLineEnding<E extends { newText: string }>(text: string, edits: E[]): E[] {
  const eol = lineEndingOf(text);
  if (eol === '\n') return edits;
  return edits.map((e) => ({ ...e, newText: withLineEnding(e.newText, eol) }));
}
