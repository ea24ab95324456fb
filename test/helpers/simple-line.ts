/**
 * Reading a text with the YAML parser's fast path for simple lines on and off (bothWays), and the
 * texts to compare: YAML files under a folder, and seeded variants of a text that sit on the fast
 * path's edges. Shared by test/parse/simple-line.test.ts and test/corpus/simple-line.test.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from '../../src/core/parse/ast';
import { parseYaml } from '../../src/core/parse/yaml/parser';
import { simpleLines } from '../../src/core/parse/yaml/simple-line';

/** A node as text: kind, offsets, style, tag and anchor, value, children. */
function dump(node: Node | null): unknown {
  if (!node) return null;
  const base = [node.kind, node.start, node.end, node.tag?.name, node.tag?.start, node.anchor];
  switch (node.kind) {
    case 'scalar':
      return [...base, node.style, node.value];
    case 'alias':
      return [...base, node.name];
    case 'seq':
      return [...base, node.flow, node.items.map(dump)];
    case 'map':
      return [...base, node.flow, node.pairs.map((p) => [dump(p.key), dump(p.value)])];
  }
}

export function bothWays(text: string): { fast: string; general: string } {
  const read = () => {
    const result = parseYaml(text);
    return JSON.stringify({ root: dump(result.root), problems: result.problems });
  };
  simpleLines.enabled = true;
  const fast = read();
  simpleLines.enabled = false;
  const general = read();
  simpleLines.enabled = true;
  return { fast, general };
}

export function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** Deterministic variants of a text, each line edited one way or another (seeded). */
export function variants(text: string, seed: number): string[] {
  let state = seed;
  const random = (n: number) => (state = (state * 48271) % 2147483647) % n;
  const edits: ((line: string) => string)[] = [
    (l) => `${l} # a comment`,
    (l) => `${l}#not a comment`,
    (l) => l.replace(': ', ':\t'),
    (l) => l.replace(': ', ': \t'),
    (l) => `${l}   `,
    (l) => `${l}: more`,
    (l) => `${l}:`,
    (l) => l.replace(/: (\S)/, ": '$1"),
    (l) => l.replace(/: (\S)/, ': é$1'),
    (l) => l.replace(/^(\s*)/, '$1\t'),
    (l) => `${l}\n${l.replace(/^(\s*).*/, '$1    continued')}`,
    (l) => `${l}\n\n${l.replace(/^(\s*).*/, '$1  continued after a blank line')}`,
    (l) => `${l}\n   \n${l.replace(/^(\s*).*/, '$1# a comment line')}`,
    (l) => `${l}\n---`,
    (l) => l.replace(/: (\S)/, ': -$1'),
    (l) => l.replace(/^(\s*)(\w)/, '$1-$2'),
    (l) => l.replace(/^(\s*)(\w)/, '$1? $2'),
    (l) => l.replace(/: (\S)/, ': !Ref $1'),
    (l) => l.replace(/: (\S)/, ': &a $1'),
  ];
  const lines = text.split('\n');
  const out = [text.replace(/\n/g, '\r\n')];
  for (let v = 0; v < 6; v++) {
    const copy = [...lines];
    for (let k = 0; k < 12 && copy.length > 0; k++) {
      const at = random(copy.length);
      copy[at] = edits[random(edits.length)](copy[at]);
    }
    out.push(copy.join('\n'));
  }
  return out;
}
