/**
 * JSON templates through `jsonc-parser` (error-tolerant, with offsets), converted to the same
 * positioned tree the YAML parser builds, so the model and the rules never care about the syntax.
 */
import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { MapNode, Node, Pair, SyntaxProblem } from './ast';
import { keyText } from './ast';

export interface JsonResult {
  root: Node | null;
  problems: SyntaxProblem[];
}

function convert(
  node: JsonNode,
  text: string,
  depth: number,
  maxDepth: number,
  problems: SyntaxProblem[],
): Node {
  const start = node.offset;
  const end = node.offset + node.length;
  if (depth > maxDepth) throw new DepthError(start);
  switch (node.type) {
    case 'object': {
      const map: MapNode = { kind: 'map', pairs: [], flow: true, start, end, memo: undefined };
      const seen = new Map<string, number>();
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode) continue;
        const key = convert(keyNode, text, depth + 1, maxDepth, problems);
        const value: Node = valueNode
          ? convert(valueNode, text, depth + 1, maxDepth, problems)
          : { kind: 'scalar', value: 'null', style: 'json', start: key.end, end: key.end };
        const name = keyText(key);
        if (name !== null) {
          if (seen.has(name)) {
            const line = text.slice(0, seen.get(name)).split('\n').length;
            problems.push({
              message: `duplicate key '${name}' (first defined on line ${line})`,
              start: key.start,
              end: key.end,
            });
          } else seen.set(name, key.start);
        }
        const pair: Pair = { key, value };
        map.pairs.push(pair);
      }
      return map;
    }
    case 'array':
      return {
        kind: 'seq',
        flow: true,
        start,
        end,
        items: (node.children ?? []).map((child) => convert(child, text, depth + 1, maxDepth, problems)),
      };
    case 'string':
      return { kind: 'scalar', value: String(node.value), style: 'double', start, end };
    default:
      return { kind: 'scalar', value: text.slice(start, end), style: 'json', start, end };
  }
}

class DepthError extends Error {
  constructor(readonly offset: number) {
    super('depth');
  }
}

/** Parses a JSON template (comments tolerated, as in JSON with comments). */
export function parseJson(text: string, maxDepth: number): JsonResult {
  const errors: ParseError[] = [];
  const problems: SyntaxProblem[] = [];
  let tree: JsonNode | undefined;
  try {
    // A UTF-8 byte order mark is no JSON error: read as a space, every offset stays where it is.
    const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    tree = parseTree(source, errors, { disallowComments: false, allowTrailingComma: false });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return {
      root: null,
      problems: [{ message: 'the document is nested too deeply to read', start: 0, end: 1 }],
    };
  }
  for (const error of errors.slice(0, 20)) {
    problems.push({
      message: describe(printParseErrorCode(error.error)),
      start: error.offset,
      end: error.offset + Math.max(error.length, 1),
    });
  }
  if (!tree) return { root: null, problems };
  try {
    return { root: convert(tree, text, 0, maxDepth, problems), problems };
  } catch (e) {
    if (e instanceof RangeError) {
      problems.push({ message: 'the document is nested too deeply to read', start: 0, end: 1 });
      return { root: null, problems };
    }
    if (!(e instanceof DepthError)) throw e;
    problems.push({
      message: `nesting deeper than ${maxDepth} levels (the limit)`,
      start: e.offset,
      end: e.offset + 1,
    });
    return { root: null, problems };
  }
}

/** jsonc-parser's codes (`CommaExpected`) as words (`comma expected`). */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
