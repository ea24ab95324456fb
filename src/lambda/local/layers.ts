/**
 * A function's layers as local folders, and the variables that put them where Lambda puts /opt: on
 * Node.js's NODE_PATH (`nodejs/node<major>/node_modules`, `nodejs/node_modules`), Python's path
 * (`python`, `python/lib/python3.x/site-packages`), PATH (`bin`) and the library path (`lib`). Lambda
 * extracts the layers into /opt in order, a later one over an earlier one, so later layers come first.
 * A layer that is not a local folder (an ARN, S3 content) is named once, with what to do about it.
 */
import { statSync } from 'node:fs';
import { delimiter, join, resolve as resolvePath } from 'node:path';

/** One entry of a function's `Layers`, as the template gives it. */
export type LayerEntry =
  /** `!Ref` to a resource of the template: its type and its content (a path, when it is literal). */
  | { ref: string; type?: string; content?: string }
  /** A literal or resolved string: an ARN, or a folder path. */
  | { text: string }
  /** Decided at deploy time (`!ImportValue`, `!GetAtt`…). */
  | { dynamic: true };

const LAYER_TYPES = new Set(['AWS::Serverless::LayerVersion', 'AWS::Lambda::LayerVersion']);

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The folders of `entries`, in the template's order. `named` holds the layers already reported (across
 * functions), so that each missing one is named once; `report` receives the new reports.
 */
export function layerFolders(
  entries: LayerEntry[],
  templateDir: string,
  named: Set<string>,
  report: (problem: string) => void,
): string[] {
  const folders: string[] = [];
  const missing = (key: string, problem: string): void => {
    if (named.has(key)) return;
    named.add(key);
    report(problem);
  };
  for (const entry of entries) {
    if ('dynamic' in entry) {
      missing(
        `dynamic:${templateDir}`,
        'a layer is decided at deploy time; its content is not on the search path',
      );
    } else if ('ref' in entry) {
      const folder = entry.content === undefined ? undefined : resolvePath(templateDir, entry.content);
      if (entry.type && LAYER_TYPES.has(entry.type) && folder && isFolder(folder)) folders.push(folder);
      else
        missing(
          `ref:${templateDir}:${entry.ref}`,
          `the layer ${entry.ref} has no local folder (its ContentUri/Content is not a folder path); its content is not on the search path`,
        );
    } else if (/^arn:/.test(entry.text)) {
      missing(
        entry.text,
        `the layer ${entry.text} is not available locally: its packages will not be found. Download its content (aws lambda get-layer-version-by-arn gives a link) into a folder and name that folder in Layers, or declare it as a LayerVersion with a local ContentUri`,
      );
    } else {
      const folder = resolvePath(templateDir, entry.text);
      if (isFolder(folder)) folders.push(folder);
      else missing(`path:${folder}`, `the layer folder ${entry.text} does not exist`);
    }
  }
  return folders;
}

/** Joins search paths, later layers first (as they overlay earlier ones in /opt), then what was there. */
function searchPath(
  layers: string[],
  sub: (layer: string) => string[],
  existing?: string,
): string | undefined {
  const paths = [...layers].reverse().flatMap(sub);
  if (existing) paths.push(existing);
  return paths.length > 0 ? paths.join(delimiter) : undefined;
}

/** The variables that put `layers` on a function's search paths, over `parent` (the process env). */
export function layerVariables(
  layers: string[],
  runtime: string | undefined,
  parent: NodeJS.ProcessEnv,
): Record<string, string> {
  if (layers.length === 0) return {};
  const env: Record<string, string> = {};
  const set = (name: string, value: string | undefined): void => {
    if (value !== undefined) env[name] = value;
  };
  set(
    'PATH',
    searchPath(layers, (layer) => [join(layer, 'bin')], parent.PATH ?? parent.Path),
  );
  set(
    process.platform === 'darwin' ? 'DYLD_LIBRARY_PATH' : 'LD_LIBRARY_PATH',
    searchPath(layers, (layer) => [join(layer, 'lib')]),
  );
  const node = /^nodejs(\d+)/.exec(runtime ?? '');
  if (node)
    set(
      'NODE_PATH',
      searchPath(layers, (layer) => [
        join(layer, 'nodejs', `node${node[1]}`, 'node_modules'),
        join(layer, 'nodejs', 'node_modules'),
      ]),
    );
  const python = /^python(3\.\d+)/.exec(runtime ?? '');
  if (python)
    set(
      'PYTHONPATH',
      searchPath(layers, (layer) => [
        join(layer, 'python', 'lib', `python${python[1]}`, 'site-packages'),
        join(layer, 'python'),
      ]),
    );
  return env;
}
