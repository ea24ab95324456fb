/**
 * The payloads offered when invoking a workspace function: its saved events (`events/<function>/*.json`
 * and SAM's `events/*.json`), a generated sample per event source, and `{}`. Read when the panel asks,
 * so a template or event saved meanwhile is seen.
 */
import {
  listSavedEvents,
  readSavedEvent,
  saveEvent,
  sampleEvent,
  sampleEventKinds,
  sampleEventLabels,
  type SavedEventsLocation,
} from '../../lambda/events';
import type { FunctionPayloads } from '../../server/protocol';
import type { PayloadChoice, PayloadSource } from './types';

/**
 * Payloads for a workspace function. `ask` asks the language server, which answers from the template
 * as it holds it (the open buffer): the extension never parses templates itself.
 */
export function workspacePayloads(ask: () => Promise<FunctionPayloads>): PayloadSource {
  return {
    async choices(): Promise<PayloadChoice[]> {
      const { location, samples } = await ask();
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
      choices.push(...samples);
      choices.push({ label: 'Empty event', description: '{}', text: '{}\n' });
      return choices;
    },
    async save(name: string, text: string): Promise<string> {
      const { location } = await ask();
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
