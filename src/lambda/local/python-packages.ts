/**
 * What a Python handler may import, as on Lambda: its code folder, its layers, the standard library,
 * and the AWS SDK (boto3 and its dependencies) that Lambda's Python runtimes include. The host's
 * site-packages are not on the path (the bootstrap runs with `-S`); the SDK's packages are taken from
 * the interpreter's own site-packages, one name at a time (see RuntimePackages in python_bootstrap.py).
 * A requirements.txt whose packages the code folder and layers do not hold is named once.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The SDK for Python as Lambda's runtimes include it: boto3 and what it needs. */
export const PYTHON_RUNTIME_PACKAGES = [
  'boto3',
  'botocore',
  's3transfer',
  'jmespath',
  'dateutil',
  'six',
  'urllib3',
];

/** Distribution names of the SDK's packages, as a requirements.txt writes them (normalised). */
const RUNTIME_DISTRIBUTIONS = new Set([...PYTHON_RUNTIME_PACKAGES, 'python-dateutil']);

// Finds the packages without importing them; the working folder is left off the path first.
const LOCATE = `
import importlib.util, json, os, sys
sys.path = [p for p in sys.path if p not in ("", os.getcwd())]
found = {}
for name in ${JSON.stringify(PYTHON_RUNTIME_PACKAGES)}:
    spec = importlib.util.find_spec(name)
    if spec is None:
        continue
    places = list(spec.submodule_search_locations or [])
    found[name] = os.path.dirname(places[0] if places else spec.origin)
print(json.dumps(found))
`;

const located = new Map<string, Record<string, string>>();

/** Where `python` keeps each package of the SDK it has (name → the folder that holds it). */
export function runtimePackages(python: string): Record<string, string> {
  let found = located.get(python);
  if (!found) {
    try {
      const out = execFileSync(python, ['-c', LOCATE], {
        encoding: 'utf8',
        timeout: 10_000,
        cwd: tmpdir(),
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      found = JSON.parse(out) as Record<string, string>;
    } catch {
      found = {};
    }
    located.set(python, found);
  }
  return found;
}

/** PEP 503's normal form: `PyYAML` and `pyyaml`, `typing_extensions` and `typing-extensions` match. */
const normalise = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

/** The distribution names a requirements.txt asks for (options, URLs and editable lines skipped). */
export function requirementNames(text: string): string[] {
  const names: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-') || /^[a-z+]+:\/\//i.test(line)) continue;
    const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line)?.[1];
    if (name) names.push(name);
  }
  return names;
}

/** Normalised names of what `folder` holds: distributions (`*.dist-info`, `*.egg-info`) and modules. */
function installedIn(folder: string): Set<string> {
  const names = new Set<string>();
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return names;
  }
  for (const entry of entries) {
    const distribution = /^(.+?)-[^-]*\.(dist-info|egg-info)$/.exec(entry);
    if (distribution) names.add(normalise(distribution[1]));
    else names.add(normalise(entry.replace(/\.py$/, '')));
  }
  return names;
}

/**
 * The packages of `codeDir`'s requirements.txt that neither it nor a layer's Python folders hold (the
 * SDK's are left out when the interpreter has them: Lambda's runtime includes them). Undefined when
 * there is no requirements.txt or nothing is missing.
 */
export function missingRequirements(
  codeDir: string,
  layers: string[],
  pythonVersion: string,
  sdk: Record<string, string>,
): string[] | undefined {
  const file = join(codeDir, 'requirements.txt');
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const folders = [
    codeDir,
    ...layers.flatMap((layer) => [
      join(layer, 'python'),
      join(layer, 'python', 'lib', `python${pythonVersion}`, 'site-packages'),
    ]),
  ];
  const installed = new Set(folders.flatMap((folder) => [...installedIn(folder)]));
  const missing = requirementNames(text).filter((name) => {
    const normal = normalise(name);
    if (installed.has(normal) || installed.has(normal.replace(/-/g, '_'))) return false;
    return !(RUNTIME_DISTRIBUTIONS.has(normal) && (sdk[normal] ?? sdk[normal.replace(/^python-/, '')]));
  });
  return missing.length > 0 ? missing : undefined;
}

/** The one message about them. */
export function missingRequirementsNote(missing: string[], codeDir: string): string {
  return `requirements.txt names ${missing.join(', ')}, which the code folder (and its layers) do not hold: on Lambda only what the deployment package holds can be imported (sam build installs them into it). To run it here, install them into the code folder (pip install -r requirements.txt -t ${codeDir}) or run the built template (.aws-sam/build/template.yaml)`;
}
