/**
 * `ownless/handlerFile`: where a function's handler source is, from the template as the server sees
 * it (the open buffer, else the file read through the core's front door). Opening a file runs
 * nothing, so it is answered in an untrusted workspace too.
 */
import { existsSync } from 'node:fs';
import { type ResolvedConfig, analyzeFile, handlerFileOf as handlerFileIn } from '../core';
import type { HandlerFileResult } from './protocol';

/** The handler file of `functionId` in the template at `path` (`text`: its open buffer, if any). */
export function handlerFileOf(
  path: string,
  text: string | undefined,
  functionId: string,
  config: ResolvedConfig,
): HandlerFileResult {
  const analysis = analyzeFile({ path, text }, { config });
  if (analysis.kind === 'unreadable') return { problem: `cannot read ${path}: ${analysis.reason}` };
  if (analysis.kind === 'notTemplate') return { problem: `${path} is not a template` };
  if (analysis.kind === 'notAnalysed') return { problem: analysis.message };
  if (analysis.kind === 'needsParsers') return { problem: `${path} needs a grammar that is not loaded yet` };
  return handlerFileIn(analysis.result, functionId, { exists: existsSync });
}
