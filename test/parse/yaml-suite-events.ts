/**
 * The official YAML test suite's event stream (`+MAP`, `=VAL :x`, `=ALI *a`, …) written from our
 * positioned tree, so that a case passes only when the structure, the scalars' values and styles,
 * the anchors and the resolved tags are all what the suite expects.
 */
import type { Node } from '../../src/core/parse/ast';

const STYLE_MARK: Record<string, string> = {
  plain: ':',
  single: "'",
  double: '"',
  literal: '|',
  folded: '>',
  json: ':',
};

/** The suite's escaping of a scalar's value in an event line. */
function escape(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\0/g, '\\0')
    .replace(/\x07/g, '\\a')
    .replace(/\x08/g, '\\b')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\v/g, '\\v')
    .replace(/\f/g, '\\f')
    .replace(/\r/g, '\\r')
    .replace(/\x1b/g, '\\e')
    .replace(/\x85/g, '\\N')
    .replace(/\xa0/g, '\\_')
    .replace(/\u2028/g, '\\L')
    .replace(/\u2029/g, '\\P');
}

/** The `%TAG` handles a document declares, with YAML's two defaults. */
export function tagHandles(yaml: string): Map<string, string> {
  const handles = new Map([
    ['!', '!'],
    ['!!', 'tag:yaml.org,2002:'],
  ]);
  for (const m of yaml.matchAll(/^%TAG[ \t]+(\S+)[ \t]+(\S+)/gm)) handles.set(m[1], m[2]);
  return handles;
}

/** A tag as written (`!!str`, `!e!x`, `!<tag:x>`) resolved to the full tag the events show. */
function resolveTag(written: string, handles: Map<string, string>): string {
  if (written.startsWith('!<')) return written.slice(2, -1);
  if (written === '!') return '!';
  const second = written.indexOf('!', 1);
  const handle = second === -1 ? '!' : written.slice(0, second + 1);
  const suffix = written.slice(handle.length);
  const prefix = handles.get(handle) ?? handle;
  return prefix + decodeURIComponent(suffix);
}

function properties(node: Node, handles: Map<string, string>): string {
  let text = '';
  if (node.anchor !== undefined) text += ` &${node.anchor}`;
  if (node.tag) text += ` <${resolveTag(node.tag.name, handles)}>`;
  return text;
}

/** The events of one document's content (what the suite lists between `+DOC` and `-DOC`). */
export function eventsOf(node: Node, handles: Map<string, string>, out: string[] = []): string[] {
  switch (node.kind) {
    case 'scalar':
      out.push(`=VAL${properties(node, handles)} ${STYLE_MARK[node.style]}${escape(node.value)}`);
      break;
    case 'alias':
      out.push(`=ALI${properties(node, handles)} *${node.name}`);
      break;
    case 'seq':
      out.push(`+SEQ${node.flow ? ' []' : ''}${properties(node, handles)}`);
      for (const item of node.items) eventsOf(item, handles, out);
      out.push('-SEQ');
      break;
    case 'map':
      out.push(`+MAP${node.flow ? ' {}' : ''}${properties(node, handles)}`);
      for (const pair of node.pairs) {
        eventsOf(pair.key, handles, out);
        eventsOf(pair.value, handles, out);
      }
      out.push('-MAP');
      break;
  }
  return out;
}

/** The documents of an expected event stream, each as its content's events. */
export function expectedDocuments(events: string): string[][] {
  const documents: string[][] = [];
  let current: string[] | null = null;
  for (const line of events.split('\n')) {
    if (line.startsWith('+DOC')) current = [];
    else if (line.startsWith('-DOC')) {
      if (current) documents.push(current);
      current = null;
    } else if (current && line) current.push(line);
  }
  return documents;
}
