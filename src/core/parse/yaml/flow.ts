/** Flow collections (`[...]`, `{...}`): indentation inside them is ignored, as PyYAML does. */
import type { MapNode, Node, SeqNode } from '../ast';
import { Ch, UnclosedFlowError, isWsOrEnd } from './cursor';
import { NO_ITEMS, NO_PAIRS, NodeBuilder } from './node-builder';
import { readDoubleQuoted, readPlain, readSingleQuoted } from './scalars';

export abstract class FlowParser extends NodeBuilder {
  protected flowCollection(): MapNode | SeqNode {
    this.enter();
    try {
      return this.cur.at() === Ch.LBracket ? this.flowSequence() : this.flowMapping();
    } finally {
      this.depth--;
    }
  }

  protected flowSequence(): SeqNode {
    const cur = this.cur;
    const seq: SeqNode = { kind: 'seq', items: NO_ITEMS, flow: true, start: cur.pos, end: cur.pos };
    const from = this.itemStack.length;
    cur.pos++;
    try {
      this.flowItems(seq);
    } finally {
      seq.items = this.takeItems(from);
    }
    return seq;
  }

  /** The entries of a flow sequence, pushed on the item stack, up to and past its `]`. */
  private flowItems(seq: SeqNode): void {
    const cur = this.cur;
    for (let first = true; ; first = false) {
      cur.skipSpace();
      if (cur.at() === Ch.RBracket) break;
      if (cur.at() === Ch.Comma) {
        this.emptyEntry(first);
        continue;
      }
      let item = this.flowNode();
      if (cur.skipSpace() && cur.at() === Ch.Colon) this.splitKey();
      if (cur.at() === Ch.Colon) {
        // `[key: value]` is a single-pair mapping inside the sequence.
        cur.pos++;
        cur.skipSpace();
        const value = this.atFlowEnd() ? this.empty(cur.pos) : this.flowNode();
        this.checkKey(item);
        item = {
          kind: 'map',
          pairs: [{ key: item, value }],
          flow: true,
          start: item.start,
          end: value.end,
          memo: undefined,
        };
        cur.skipSpace();
      }
      this.itemStack.push(item);
      if (cur.at() === Ch.Comma) {
        cur.pos++;
        continue;
      }
      if (cur.at() !== Ch.RBracket) this.unterminated(seq.start, "']'");
      break;
    }
    seq.end = ++cur.pos;
  }

  protected flowMapping(): MapNode {
    const cur = this.cur;
    const map: MapNode = {
      kind: 'map',
      pairs: NO_PAIRS,
      flow: true,
      start: cur.pos,
      end: cur.pos,
      memo: undefined,
    };
    const from = this.pairStack.length;
    cur.pos++;
    try {
      this.flowPairs(map, from);
    } finally {
      this.takePairs(map, from);
    }
    return map;
  }

  /** The entries of a flow mapping, pushed on the pair stack from `from`, up to and past its `}`. */
  private flowPairs(map: MapNode, from: number): void {
    const cur = this.cur;
    let keys: Map<string, Node> | null = null;
    for (let first = true; ; first = false) {
      cur.skipSpace();
      if (cur.at() === Ch.RBrace) break;
      if (cur.at() === Ch.Comma) {
        this.emptyEntry(first);
        continue;
      }
      if (cur.at() === Ch.Question && isWsOrEnd(cur.at(cur.pos + 1))) {
        cur.pos++;
        cur.skipSpace();
      }
      const key = this.flowNode();
      cur.skipSpace();
      let value: Node;
      if (cur.at() === Ch.Colon) {
        cur.pos++;
        cur.skipSpace();
        value = this.atFlowEnd() ? this.empty(cur.pos) : this.flowNode();
        cur.skipSpace();
      } else {
        value = this.empty(key.end);
      }
      keys = this.addPair(map, from, { key, value }, keys);
      if (cur.at() === Ch.Comma) {
        cur.pos++;
        continue;
      }
      if (cur.at() !== Ch.RBrace) this.unterminated(map.start, "'}'");
      break;
    }
    map.end = ++cur.pos;
  }

  /** A `:` on a later line than its key: in a flow sequence, YAML (and PyYAML) keep the key on one line. */
  private splitKey(): never {
    return this.cur.fail("a key and its ':' must be on the same line");
  }

  /** `[a,, b]` and `[, a]`: YAML has no empty entries (PyYAML rejects them; a null here would hide a typo). */
  private emptyEntry(first: boolean): void {
    const at = this.cur.pos++;
    const why = first ? 'a comma first' : 'two commas in a row';
    this.report(`an empty entry in a flow collection (${why})`, at, at + 1);
  }

  protected atFlowEnd(): boolean {
    const c = this.cur.at();
    return c === Ch.Comma || c === Ch.RBracket || c === Ch.RBrace;
  }

  protected unterminated(start: number, expected: string): never {
    const cur = this.cur;
    if (cur.eof || cur.src.lastIndexOf('\n', cur.pos - 1) >= start)
      throw new UnclosedFlowError(
        `this flow collection is never closed (expected ${expected})`,
        start,
        start + 1,
      );
    return cur.fail(`expected ',' or ${expected} in a flow collection`);
  }

  protected flowNode(): Node {
    const cur = this.cur;
    const props = this.properties(true);
    if (this.atFlowEnd() || (cur.at() === Ch.Colon && (props.tag || props.anchor !== undefined))) {
      return this.finish(this.empty(cur.pos), props);
    }
    let node: Node;
    switch (cur.at()) {
      case Ch.LBracket:
      case Ch.LBrace:
        node = this.flowCollection();
        break;
      case Ch.SQuote:
        node = readSingleQuoted(cur);
        break;
      case Ch.DQuote:
        node = readDoubleQuoted(cur);
        break;
      case Ch.Star:
        node = this.alias();
        break;
      default:
        node = readPlain(cur, -1, true);
    }
    return this.finish(node, props);
  }
}
