/**
 * The payloads offered when invoking a workspace function: its saved events (`events/<function>/*.json`
 * and SAM's `events/*.json`), a generated sample per event source, and `{}`. Read when the panel asks,
 * so a template or event saved meanwhile is seen.
 */
import { readFile } from 'node:fs/promises';
import { buildModel } from '../../core/formats/cloudformation/build';
import type { LambdaFunction, TemplateModel } from '../../core/formats/cloudformation/types';
import { parseTemplate } from '../../core/formats/cloudformation/template';
import {
  type SavedEventsLocation,
  describeEventSources,
  listSavedEvents,
  readSavedEvent,
  saveEvent,
  samplesForFunction,
  savedEventsLocation,
  sampleEvent,
  sampleEventKinds,
  sampleEventLabels,
} from '../../lambda/events';
import type { PayloadChoice, PayloadSource } from './types';

interface FunctionInTemplate {
  fn: LambdaFunction | undefined;
  model: TemplateModel | undefined;
  location: SavedEventsLocation;
}

async function loadFunction(templatePath: string, functionId: string): Promise<FunctionInTemplate> {
  const fallback: SavedEventsLocation = {
    templateDir: templatePath.replace(/[\\/][^\\/]*$/, ''),
    functionId,
  };
  try {
    const doc = parseTemplate(await readFile(templatePath, 'utf8'), templatePath);
    const model = buildModel(doc);
    const fn = model.functions.find((f) => f.id === functionId);
    return { fn, model, location: fn ? savedEventsLocation(templatePath, fn) : fallback };
  } catch {
    // An unreadable template still leaves the saved events and an empty payload to choose from.
    return { fn: undefined, model: undefined, location: fallback };
  }
}

export function workspacePayloads(templatePath: string, functionId: string): PayloadSource {
  return {
    async choices(): Promise<PayloadChoice[]> {
      const { fn, model, location } = await loadFunction(templatePath, functionId);
      const choices: PayloadChoice[] = [];
      for (const saved of await listSavedEvents(location)) {
        try {
          const { text } = await readSavedEvent(saved.path);
          choices.push({ label: saved.name, description: `saved event · ${saved.relativePath}`, text });
        } catch (e) {
          choices.push({
            label: saved.name,
            description: `saved event (unreadable: ${(e as Error).message})`,
            text: '{}\n',
          });
        }
      }
      if (fn && model)
        for (const sample of samplesForFunction(describeEventSources(fn, model))) {
          const edit = sample.placeholders.length ? ` · edit ${sample.placeholders.join(', ')}` : '';
          choices.push({ label: sample.label, description: `generated sample${edit}`, text: sample.text });
        }
      choices.push({ label: 'Empty event', description: '{}', text: '{}\n' });
      return choices;
    },
    async save(name: string, text: string): Promise<string> {
      const { location } = await loadFunction(templatePath, functionId);
      return saveEvent(location, name, text, { overwrite: true });
    },
  };
}

/**
 * Payloads for a deployed function with no template here: events saved under the workspace's
 * `events/<name>/`, a sample of every kind of event source, and `{}`.
 */
export function deployedFunctionPayloads(
  workspaceDir: string | undefined,
  functionName: string,
): PayloadSource {
  const location: SavedEventsLocation | undefined = workspaceDir
    ? { templateDir: workspaceDir, functionId: functionName }
    : undefined;
  return {
    async choices(): Promise<PayloadChoice[]> {
      const choices: PayloadChoice[] = [];
      if (location)
        for (const saved of await listSavedEvents(location).catch(() => [])) {
          const text = await readSavedEvent(saved.path).then(
            (r) => r.text,
            () => undefined,
          );
          if (text !== undefined)
            choices.push({ label: saved.name, description: `saved event · ${saved.relativePath}`, text });
        }
      for (const kind of sampleEventKinds)
        choices.push({
          label: sampleEventLabels[kind],
          description: 'generated sample',
          text: `${JSON.stringify(sampleEvent(kind), null, 2)}\n`,
        });
      choices.push({ label: 'Empty event', description: '{}', text: '{}\n' });
      return choices;
    },
    async save(name: string, text: string): Promise<string> {
      if (!location) throw new Error('open a folder to save events in');
      return saveEvent(location, name, text, { overwrite: true });
    },
  };
}
