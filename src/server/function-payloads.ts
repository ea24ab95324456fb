/**
 * `ownless/functionPayloads`: the generated sample events of a function's event sources and where its
 * saved events are, from the template as the server holds it (the open buffer, unsaved edits
 * included, else the file read through the core's front door). Reading runs nothing.
 */
import { dirname, resolve } from 'node:path';
import { type ResolvedConfig, analyzeFile } from '../core';
import { describeEventSources, samplesForFunction, savedEventsLocation } from '../lambda/events';
import type { FunctionPayloads } from './protocol';

export function functionPayloads(
  path: string,
  text: string | undefined,
  functionId: string,
  config: ResolvedConfig,
): FunctionPayloads {
  // A template that cannot be read, or no longer has the function, still has its saved events.
  const fallback: FunctionPayloads = {
    location: { templateDir: dirname(resolve(path)), functionId },
    samples: [],
  };
  const analysis = analyzeFile({ path, text }, { config });
  if (analysis.kind !== 'template') return fallback;
  const { model } = analysis.result;
  // Sample events are described from SAM/CloudFormation event sources; other formats get the saved ones.
  const fn = model?.functions.find((f) => f.id === functionId);
  if (!fn || !model) return fallback;
  return {
    location: savedEventsLocation(path, fn),
    samples: samplesForFunction(describeEventSources(fn, model)).map((sample) => ({
      label: sample.label,
      description: `generated sample${sample.placeholders.length ? ` · edit ${sample.placeholders.join(', ')}` : ''}`,
      text: sample.text,
    })),
  };
}
