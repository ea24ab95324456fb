/**
 * A template file read into a positioned tree: YAML or JSON chosen by content, explicit limits on
 * size, nesting and aliases, and the checks that tell a CloudFormation/SAM template from other YAML.
 */
import { LineIndex, type Node, type SyntaxProblem, asMap, asSeq, deref, get } from '../../parse/ast';
import { parseJson } from '../../parse/json';
import { parseYaml } from '../../parse/yaml/parser';

export interface ParseLimits {
  /** Largest file read, in bytes (UTF-16 code units). Default 5 MB. */
  maxFileSize: number;
  /** Deepest nesting of collections. */
  maxDepth: number;
  /** Most YAML aliases in one file. */
  maxAliases: number;
  /** Most nodes the aliases of one YAML file may expand to. */
  maxAliasExpansion: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxFileSize: 5 * 1024 * 1024,
  maxDepth: 200,
  maxAliases: 1000,
  maxAliasExpansion: 100_000,
};

/** The deepest nesting ever read, whatever the configuration says. */
export const MAX_DEPTH_CEILING = 500;

export type TemplateFormat = 'sam' | 'cloudformation';

export interface TemplateDocument {
  path: string;
  text: string;
  syntax: 'yaml' | 'json';
  format: TemplateFormat;
  root: Node | null;
  problems: SyntaxProblem[];
  lines: LineIndex;
  /** YAML anchors or aliases are used (nodes may be shared): incremental re-parsing is off. */
  aliased?: boolean;
  /**
   * What only SAM defines (`Globals`, an `AWS::Serverless::` type) used without the SAM transform:
   * the template is read as SAM (as its author meant) and this says where, to be reported.
   */
  missingTransform?: SamUse;
}

/** A use of what only SAM defines: what it is and where it is written. */
export interface SamUse {
  what: string;
  start: number;
  end: number;
}

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** JSON by extension; for other names (`.template`), by a leading `{`. A `.yaml` file is always YAML. */
function isJson(text: string, path: string): boolean {
  if (/\.json$/i.test(path)) return true;
  if (/\.ya?ml$/i.test(path)) return false;
  const m = /^\uFEFF?\s*(\S)/.exec(text);
  return m !== null && m[1] === '{';
}

/** Parses a template's text. Never throws: problems come back as `problems`. */
export function parseTemplate(
  text: string,
  path: string,
  limits: ParseLimits = DEFAULT_LIMITS,
): TemplateDocument {
  const syntax = isJson(text, path) ? 'json' : 'yaml';
  if (text.length > limits.maxFileSize) return oversizeDocument(path, text.length, limits, text);
  // Line breaks that are a lone CR (old Mac files) read as LF: the same length, so every offset holds,
  // and lines are counted as editors count them.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const lines =
    source === text ? new LineIndex(text) : new LineIndex(text, new LineIndex(source).lineStarts());
  // The readers recurse: a configured depth beyond the ceiling would overflow the stack instead.
  const maxDepth = Math.min(limits.maxDepth, MAX_DEPTH_CEILING);
  // An empty file is no template, in either syntax (YAML reads it as an empty document; JSON would not).
  const empty = /^\uFEFF?\s*$/.test(source);
  const result: { root: Node | null; problems: SyntaxProblem[]; aliased?: boolean } = empty
    ? { root: null, problems: [] }
    : syntax === 'json'
      ? parseJson(source, maxDepth)
      : parseYaml(source, { ...limits, maxDepth });
  const { root } = result;
  const problems = result.problems;
  // Some problems point just past the last character (an unexpected end): keep them inside the text.
  const clamped = problems.map((p) => ({
    ...p,
    start: Math.min(p.start, text.length),
    end: Math.min(Math.max(p.end, p.start), text.length),
  }));
  return {
    path,
    text,
    syntax,
    ...samReading(root),
    root,
    problems: clamped,
    lines,
    aliased: result.aliased === true,
  };
}

/**
 * The document for a file over the size limit: one problem on its first line, nothing analysed.
 * Callers that can see the size before reading (the CLI) use it without reading the file.
 */
export function oversizeDocument(
  path: string,
  size: number,
  limits: ParseLimits,
  text = '',
): TemplateDocument {
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  const firstLineEnd = text.indexOf('\n') === -1 ? text.length : text.indexOf('\n');
  return {
    path,
    text,
    syntax: /\.json$/i.test(path) ? 'json' : 'yaml',
    format: 'cloudformation',
    root: null,
    problems: [
      {
        message: `file is ${mb(size)} MB, over the ${mb(limits.maxFileSize)} MB limit (maxFileSize): not analysed`,
        start: 0,
        end: firstLineEnd,
      },
    ],
    lines: new LineIndex(text),
  };
}

/**
 * How a template is read: as SAM when it declares the SAM transform, or when it uses what only SAM
 * defines without it (`missingTransform` then says where: its `Globals`, else its first
 * `AWS::Serverless::` type). CloudFormation rejects the latter; its author meant SAM.
 */
export function samReading(root: Node | null): Pick<TemplateDocument, 'format' | 'missingTransform'> {
  if (isSam(root)) return { format: 'sam' };
  const use = samUse(root);
  return use ? { format: 'sam', missingTransform: use } : { format: 'cloudformation' };
}

function samUse(root: Node | null): SamUse | undefined {
  const map = asMap(root);
  if (!map) return undefined;
  for (const pair of map.pairs)
    if (pair.key.kind === 'scalar' && pair.key.value === 'Globals')
      return { what: 'Globals', start: pair.key.start, end: pair.key.end };
  for (const pair of asMap(get(map, 'Resources'))?.pairs ?? []) {
    const type = deref(get(pair.value, 'Type'));
    if (type?.kind === 'scalar' && type.value.startsWith(SAM_TYPE_PREFIX))
      return { what: type.value, start: type.start, end: type.end };
  }
  return undefined;
}

const SAM_TYPE_PREFIX = 'AWS::Serverless::';

/** True when the template declares the SAM transform (alone or in a list). */
export function isSam(root: Node | null): boolean {
  const transform = deref(get(root, 'Transform'));
  if (!transform) return false;
  if (transform.kind === 'scalar') return transform.value === SAM_TRANSFORM;
  return (
    asSeq(transform)?.items.some((item) => {
      const t = deref(item);
      return t?.kind === 'scalar' && t.value === SAM_TRANSFORM;
    }) ?? false
  );
}

/**
 * True for a CloudFormation or SAM template: it has `AWSTemplateFormatVersion`, the SAM transform,
 * or `Resources` holding at least one `AWS::` type.
 */
export function isTemplate(root: Node | null): boolean {
  if (!asMap(root)) return false;
  if (get(root, 'AWSTemplateFormatVersion') || isSam(root)) return true;
  const resources = asMap(get(root, 'Resources'));
  if (!resources) return false;
  return resources.pairs.some((pair) => {
    const type = deref(get(pair.value, 'Type'));
    return type?.kind === 'scalar' && type.value.startsWith('AWS::');
  });
}

/** A quick textual pre-check that lets directory scans skip most non-template YAML unread. */
export function mightBeTemplate(text: string): boolean {
  return /AWSTemplateFormatVersion|AWS::Serverless-2016-10-31|AWS::[A-Za-z0-9]+::/.test(text);
}
