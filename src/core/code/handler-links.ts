/**
 * The link from a file's functions to their handler code: each function's code folder (as the
 * format's adapter reads it: SAM `CodeUri`, the service folder of a serverless.yml…), and the handler
 * file and export it resolves to.
 */
import { posix } from 'node:path';
import type { LambdaFunction, SemanticModel } from '../model/types';
import { asString } from '../model/values';
import type { Host } from '../rules/types';
import { type HandlerResolution, resolveHandler } from './resolve-handler';

export interface HandlerLink {
  functionId: string;
  runtime: string;
  handler: string;
  /** The code folder, joined with the template's folder. */
  codeDir: string;
  resolution: HandlerResolution;
}

/** The functions of a file whose handler names a source file, with what each resolves to. */
export function handlerLinks(
  model: SemanticModel,
  host: Host,
  functions: readonly LambdaFunction[] = model.functions,
): HandlerLink[] {
  const fileDir = posix.dirname(model.path.replace(/\\/g, '/'));
  const links: HandlerLink[] = [];
  for (const fn of functions) {
    const runtime = asString(fn.value('runtime'));
    const handler = asString(fn.value('handler'));
    if (!runtime || !handler || asString(fn.value('packageType')) === 'Image') continue;
    const folder = fn.codeFolder;
    if (folder === undefined) continue;
    const joined = posix.join(fileDir, folder);
    const codeDir = joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
    const resolution = resolveHandler(codeDir, runtime, handler, host);
    if (resolution) links.push({ functionId: fn.id, runtime, handler, codeDir, resolution });
  }
  return links;
}
