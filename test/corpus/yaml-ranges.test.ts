/**
 * Node ranges against the npm `yaml` package's on every corpus YAML file both parsers read without an
 * error: each node must start and end where `yaml` says, once two documented conventions are allowed
 * for (README lines, in words):
 * - A block mapping, block sequence or block scalar (`|`, `>`) ends, for us, at its last character;
 *   for `yaml`, past the line break (and any blank or comment lines) that follow it. Ours is the
 *   range an editor underlines; trailing line breaks belong to no node.
 * - An empty value (`Key:`) sits, for us, just after its `:`; for `yaml`, after the blanks that
 *   follow. Both are empty ranges on the same line.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Node as YamlNode, isMap, isSeq, parseDocument } from 'yaml';
import type { Node } from '../../src/core/parse/ast';
import { parseYaml } from '../../src/core/parse/yaml/parser';
import { CORPUS } from '../helpers/corpus';

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out;
}

/** Whitespace and comments only: what the conventions let one range have beyond the other. */
const TRAILING = /^(?:[ \t\r\n]|#[^\n]*)*$/;
const BLANKS = /^[ \t]*$/;

/** Why two ranges of one node differ, when a documented convention explains it; else null. */
function convention(text: string, ours: Node, theirs: [number, number]): string | null {
  const [start, end] = theirs;
  const block =
    (ours.kind === 'map' || ours.kind === 'seq') && !ours.flow
      ? true
      : ours.kind === 'scalar' && (ours.style === 'literal' || ours.style === 'folded');
  if (block && ours.start === start && ours.end < end && TRAILING.test(text.slice(ours.end, end)))
    return 'block end';
  if (
    ours.start === ours.end &&
    start === end &&
    start > ours.start &&
    BLANKS.test(text.slice(ours.start, start))
  )
    return 'empty value';
  return null;
}

describe('node ranges agree with the yaml package', () => {
  it('on every corpus YAML file both read without an error, conventions aside', () => {
    let agree = 0;
    let total = 0;
    const byConvention = new Map<string, number>();
    const unexplained: string[] = [];
    for (const file of walk(CORPUS)) {
      const text = readFileSync(file, 'utf8');
      const theirs = parseDocument(text, { uniqueKeys: false, merge: false, version: '1.1' });
      if (theirs.errors.length) continue;
      const ours = parseYaml(text);
      if (ours.problems.length) continue;
      const compare = (a: Node, b: YamlNode | null | undefined): void => {
        if (!b?.range) return;
        total++;
        const range: [number, number] = [b.range[0], b.range[1]];
        if (a.start === range[0] && a.end === range[1]) agree++;
        else {
          const why = convention(text, a, range);
          if (why) byConvention.set(why, (byConvention.get(why) ?? 0) + 1);
          else if (unexplained.length < 20)
            unexplained.push(
              `${relative(CORPUS, file)}: ${a.kind} ours ${a.start}-${a.end}, yaml ${range.join('-')}`,
            );
        }
        if (a.kind === 'map' && isMap(b))
          a.pairs.forEach((pair, i) => {
            compare(pair.key, b.items[i]?.key as YamlNode);
            compare(pair.value, b.items[i]?.value as YamlNode);
          });
        if (a.kind === 'seq' && isSeq(b)) a.items.forEach((item, i) => compare(item, b.items[i] as YamlNode));
      };
      if (ours.root) compare(ours.root, theirs.contents as YamlNode);
    }
    const conventions = [...byConvention.values()].reduce((a, b) => a + b, 0);
    console.log(
      `ranges: ${agree} of ${total} nodes agree; ${conventions} differ by convention`,
      byConvention,
    );
    expect(unexplained).toEqual([]);
    expect(total).toBeGreaterThan(150_000);
  });
});
