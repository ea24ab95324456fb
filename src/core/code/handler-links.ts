/**
 * The link from a template's functions to their handler code: each function's code folder (SAM
 * `CodeUri`, the template folder for SAM functions without one, a local folder given as CloudFormation
 * `Code`), and the handler file and export it resolves to.
 */
import { posix } from 'node:path';
import type { LambdaFunction, TemplateModel } from '../formats/cloudformation/types';
import { asString } from '../formats/cloudformation/values';
import type { Host } from '../rules/types';
import { type HandlerResolution, resolveHandler } from './resolve-handler';

/**
 * A function's code folder relative to its template, or undefined when the code is not a local
 * folder: in S3, inline, or a `.zip`/`.jar` archive (SAM uploads those as they are).
 */
export function functionCodeFolder(fn: LambdaFunction): string | undefined {
  const codeUri = fn.props.get('CodeUri');
  if (codeUri) {
    const uri = asString(codeUri.resolved);
    return uri !== undefined && !uri.startsWith('s3://') && !isArchive(uri) ? uri : undefined;
  }
  if (fn.type === 'AWS::Serverless::Function' && !fn.props.has('InlineCode')) return '.';
  // `aws cloudformation package` takes a local folder in place of the Code mapping.
  const code = fn.props.get('Code');
  if (
    fn.type === 'AWS::Lambda::Function' &&
    code?.resolved.kind === 'literal' &&
    typeof code.resolved.value === 'string'
  ) {
    const path = code.resolved.value;
    return path.startsWith('s3://') || isArchive(path) ? undefined : path;
  }
  return undefined;
}

function isArchive(path: string): boolean {
  const lower = path.toLowerCase();
  return lower.endsWith('.zip') || lower.endsWith('.jar');
}

export interface HandlerLink {
  functionId: string;
  runtime: string;
  handler: string;
  /** The code folder, joined with the template's folder. */
  codeDir: string;
  resolution: HandlerResolution;
}

/** Every function of a template whose handler names a source file, with what it resolves to. */
export function handlerLinks(model: TemplateModel, host: Host): HandlerLink[] {
  const templateDir = posix.dirname(model.doc.path.replace(/\\/g, '/'));
  const links: HandlerLink[] = [];
  for (const fn of model.functions) {
    const runtime = asString(fn.props.get('Runtime')?.resolved);
    const handler = asString(fn.props.get('Handler')?.resolved);
    if (!runtime || !handler || asString(fn.props.get('PackageType')?.resolved) === 'Image') continue;
    const folder = functionCodeFolder(fn);
    if (folder === undefined) continue;
    const joined = posix.join(templateDir, folder);
    const codeDir = joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
    const resolution = resolveHandler(codeDir, runtime, handler, host);
    if (resolution) links.push({ functionId: fn.id, runtime, handler, codeDir, resolution });
  }
  return links;
}
