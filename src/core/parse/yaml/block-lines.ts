/**
 * What the block parser does between its entries: where the next entry of a collection starts, the
 * end of an entry's line, recovery after an error (skipping the broken entry's lines), and the check
 * that YAML's indentation holds no tab.
 */
import type { Node } from '../ast';
import { Ch, UnclosedFlowError, YamlError, isEol, isWsOrEnd } from './cursor';
import { FlowParser } from './flow';

export abstract class BlockLines extends FlowParser {
  /** The first tab found in indentation, or -1 (reported once, at the end: one mistake, usually repeated). */
  protected firstTab = -1;

  /**
   * YAML indents with spaces only. A tab in the whitespace before a node is reported when it stands
   * where indentation is (before a block collection, or with too few spaces before it); before a
   * scalar, after enough spaces, it is separation, which YAML allows.
   */
  protected checkTabs(
    node: Node,
    tab: number,
    from: number,
    contentStart: number,
    parentIndent: number,
  ): void {
    const blockCollection = (node.kind === 'map' || node.kind === 'seq') && !node.flow;
    if (tab === -1) {
      // On the indicator's line (`-\t- x`): only a nested block collection makes the tab indentation.
      if (!blockCollection) return;
      const at = this.cur.src.slice(from, contentStart).indexOf('\t');
      if (at !== -1) this.reportTab(from + at);
      return;
    }
    if (blockCollection || this.cur.col(tab) <= parentIndent) this.reportTab(tab);
  }

  /** Notes a tab used as indentation; the first one is reported (one mistake, usually repeated). */
  protected reportTab(at: number): void {
    if (this.firstTab === -1 || at < this.firstTab) this.firstTab = at;
  }

  protected atSequenceEntry(): boolean {
    return this.cur.at() === Ch.Dash && isWsOrEnd(this.cur.at(this.cur.pos + 1));
  }

  /**
   * An error right after a quoted value that spans lines is most likely a missing closing quote (the
   * next quote in the file closed it): the problem is reported where the string opens.
   */
  protected runOnQuote(value: Node, e: unknown): unknown {
    if (!(e instanceof YamlError) || value.kind !== 'scalar') return e;
    if ((value.style !== 'double' && value.style !== 'single') || !this.spansLines(value)) return e;
    const line = this.cur.src.slice(0, value.end).split('\n').length;
    return new YamlError(
      `this quoted string runs on to line ${line} (${e.message} there): is its closing quote missing?`,
      value.start,
      value.start + 1,
    );
  }

  /** After a complete entry only a comment may follow on the same line. */
  protected expectLineEnd(): void {
    const cur = this.cur;
    const save = cur.pos;
    cur.skipBlanks();
    const c = cur.at();
    if (c === Ch.Hash && cur.pos > save) {
      cur.pos = save;
      return;
    }
    if (!isEol(c)) {
      if (c === Ch.Colon) cur.fail('mapping values are not allowed here');
      cur.fail(`unexpected '${cur.src[cur.pos]}' after a value`);
    }
    cur.pos = save;
  }

  /**
   * Moves to the next entry of a block collection at `indent`; false when the collection ended.
   * Lines indented deeper than the entries are reported and skipped, so one stray line costs one
   * error, not the rest of the collection.
   */
  protected nextEntry(indent: number, sequence: boolean): boolean {
    const cur = this.cur;
    for (;;) {
      const save = cur.pos;
      cur.skipSpace();
      const col = cur.col();
      // An entry of a sequence starts with `- `; one of a mapping with anything else.
      if (
        cur.eof ||
        cur.atDocumentMarker() ||
        col < indent ||
        (col === indent && this.atSequenceEntry() !== sequence)
      ) {
        if (col === indent && !cur.eof && !cur.atDocumentMarker() && this.atSequenceEntry()) {
          this.report('expected a mapping key, found a sequence entry', cur.pos, cur.pos + 1);
          this.skipDeeperLines(indent);
          continue;
        }
        cur.pos = save;
        return false;
      }
      if (col === indent) {
        if (cur.tabInIndent !== -1) this.reportTab(cur.tabInIndent);
        return true;
      }
      const lineStart = cur.lineStart(cur.pos);
      const tab = cur.src.slice(lineStart, cur.pos).indexOf('\t');
      if (tab !== -1) {
        this.reportTab(lineStart + tab);
      } else {
        this.report(
          'bad indentation: this line is indented deeper than the entries before it',
          cur.pos,
          cur.pos + 1,
        );
      }
      this.skipDeeperLines(indent);
    }
  }

  /** Records a problem and skips to the next entry at `indent` or shallower. */
  protected recover(e: unknown, indent: number): void {
    this.record(e);
    if (e instanceof UnclosedFlowError) this.cur.pos = e.start;
    this.skipDeeperLines(indent);
  }

  /** Error recovery: skips the rest of a broken entry (its line and any deeper lines). */
  protected skipDeeperLines(indent: number): void {
    const cur = this.cur;
    const src = cur.src;
    let nl = src.indexOf('\n', cur.pos);
    while (nl !== -1) {
      let p = nl + 1;
      while (src.charCodeAt(p) === Ch.Space) p++;
      const c = src.charCodeAt(p);
      const blankOrComment = isEol(c) || c === Ch.Hash;
      if (!blankOrComment && p - (nl + 1) <= indent) {
        cur.pos = nl;
        return;
      }
      nl = src.indexOf('\n', nl + 1);
    }
    cur.pos = src.length;
  }
}
