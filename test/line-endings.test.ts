/** Fix edits follow the edited file's line ending (issue 16 item 3): CRLF files get no LF lines. */
import { describe, expect, it } from 'vitest';
import { followLineEnding, lineEndingOf, withLineEnding } from '../src/core/fix/line-endings';

describe('line endings of fix edits', () => {
  it("takes the file's first line break", () => {
    expect(lineEndingOf('a\r\nb\n')).toBe('\r\n');
    expect(lineEndingOf('a\nb\r\n')).toBe('\n');
    expect(lineEndingOf('one line')).toBe('\n');
    expect(lineEndingOf('\nb')).toBe('\n');
  });

  it('writes bare line feeds as CRLF, and leaves CRLF already there alone', () => {
    expect(withLineEnding('a\nb\r\nc\n', '\r\n')).toBe('a\r\nb\r\nc\r\n');
    expect(withLineEnding('a\nb', '\n')).toBe('a\nb');
    const edits = [{ start: 0, end: 0, newText: 'Timeout: 3\n' }];
    expect(followLineEnding('x\r\n', edits)).toEqual([{ start: 0, end: 0, newText: 'Timeout: 3\r\n' }]);
    expect(followLineEnding('x\n', edits)).toBe(edits);
  });
});
