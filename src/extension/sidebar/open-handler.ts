/**
 * The handler's source file of a workspace function, read from its template (Runtime, Handler,
 * CodeUri): opening it runs nothing, so it works in an untrusted workspace too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { functionCodeFolder } from '../../core/code/handler-links';
import { resolveHandler } from '../../core/code/resolve-handler';
import { buildModel } from '../../core/formats/cloudformation/build';
import { asString } from '../../core/formats/cloudformation/values';
import { parseTemplate } from '../../core/formats/cloudformation/template';

export type HandlerFile = { file: string } | { problem: string };

export function handlerFileOf(templatePath: string, functionId: string): HandlerFile {
  let text: string;
  try {
    text = readFileSync(templatePath, 'utf8');
  } catch (e) {
    return { problem: `cannot read ${templatePath}: ${(e as NodeJS.ErrnoException).code ?? e}` };
  }
  const fn = buildModel(parseTemplate(text, templatePath)).functions.find((f) => f.id === functionId);
  if (!fn) return { problem: `${functionId} is no longer in ${templatePath}` };
  const runtime = asString(fn.props.get('Runtime')?.resolved);
  const handler = asString(fn.props.get('Handler')?.resolved);
  const folder = functionCodeFolder(fn);
  if (!runtime || !handler) return { problem: `${functionId} has no literal Runtime and Handler` };
  if (folder === undefined) return { problem: `the code of ${functionId} is not a local folder` };
  // The same resolution as unit/handler-not-found (without the export check: only the file is opened).
  const codeDir = posix.join(posix.dirname(templatePath.replace(/\\/g, '/')), folder);
  const resolution = resolveHandler(codeDir, runtime, handler, { exists: existsSync });
  if (!resolution) return { problem: `a ${runtime} handler (${handler}) names no source file` };
  return resolution.found
    ? { file: resolution.file }
    : { problem: `the handler ${handler} of ${functionId} was not found in ${codeDir}` };
}
