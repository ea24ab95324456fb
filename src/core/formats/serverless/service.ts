/**
 * The format's own model of a service: its `provider` block, its functions (with their events and the
 * `resources` entries that override what the framework generates for them) and `resources` read by
 * the CloudFormation adapter. Positions are kept: every record holds the nodes it was read from.
 */
import { posix } from 'node:path';
import {
  type MapNode,
  type Node,
  type Pair,
  asMap,
  asSeq,
  deref,
  findPair,
  get,
  keyText,
} from '../../parse/ast';
import type { InvalidEntry } from '../../model/types';
import type { TemplateDocument } from '../cloudformation/template';
import { buildModel } from '../cloudformation/build';
import { TemplateSemantics } from '../cloudformation/semantic';
import { functionLogicalId } from './names';
import { type VariableOptions, VariableResolver } from './variables';

/** An event under a function's `events`: `- sqs: …` is type `sqs`, its value the node after the key. */
export interface ServiceEvent {
  type: string;
  /** The event's key (`sqs`), what findings on the event underline. */
  key: Node;
  value: Node;
}

/** A function under `functions`. */
export interface ServiceFunction {
  /** Its key under `functions` (the model's id). */
  name: string;
  /** The logical id the framework gives its AWS::Lambda::Function. */
  logicalId: string;
  pair: Pair;
  /** Its settings as written; null when the entry is not a mapping (a variable, a parse problem). */
  body: MapNode | null;
  events: ServiceEvent[];
  /** `Properties` of the `resources.Resources` / `resources.extensions` entries that override its function. */
  overrides: MapNode[];
}

export interface ServiceModel {
  doc: TemplateDocument;
  provider: MapNode | null;
  functions: ServiceFunction[];
  variables: VariableResolver;
  /** `resources` as CloudFormation (its resources, queues, URLs, machines); null without `resources`. */
  resources: TemplateSemantics | null;
  /** Entries under `resources` that cannot be read as resources (overrides excepted). */
  invalidEntries: InvalidEntry[];
}

/** What the caller gives a build: how to read `${file()}` and which options the command line would give. */
export type ServiceOptions = Partial<VariableOptions>;

function readEvents(body: MapNode | null): ServiceEvent[] {
  const events: ServiceEvent[] = [];
  for (const item of asSeq(get(body, 'events'))?.items ?? []) {
    const map = asMap(item);
    // An event is a one-key mapping (`- http: …`); a bare string (`- sqs`) has no configuration.
    const pair = map?.pairs[0];
    const type = pair ? keyText(pair.key) : null;
    if (pair && type !== null) events.push({ type, key: pair.key, value: pair.value });
  }
  return events;
}

/** The entries of `resources.Resources` and `resources.extensions` that name a generated function. */
function overridesOf(resources: Node | undefined, logicalIds: ReadonlySet<string>): Map<string, MapNode[]> {
  const out = new Map<string, MapNode[]>();
  for (const section of ['Resources', 'extensions']) {
    for (const pair of asMap(get(resources, section))?.pairs ?? []) {
      const id = keyText(pair.key);
      const properties = asMap(get(pair.value, 'Properties'));
      if (id === null || !logicalIds.has(id) || !properties) continue;
      out.set(id, [...(out.get(id) ?? []), properties]);
    }
  }
  return out;
}

/**
 * `resources` as a CloudFormation template of its own over the same text (its nodes keep their
 * offsets): the CloudFormation adapter reads its resources and links.
 */
function resourcesTemplate(doc: TemplateDocument, resources: Node | undefined): TemplateSemantics | null {
  const root = asMap(resources);
  if (!root) return null;
  // The same problems: a parse problem inside a resource makes that resource's function incomplete.
  const sub: TemplateDocument = { ...doc, root, format: 'cloudformation', missingTransform: undefined };
  return TemplateSemantics.of(buildModel(sub));
}

/** Builds the service model of a parsed serverless.yml. */
export function buildService(doc: TemplateDocument, options: ServiceOptions = {}): ServiceModel {
  const root = doc.root;
  const serviceDir = options.serviceDir ?? posix.dirname(doc.path.replace(/\\/g, '/'));
  const variables = new VariableResolver(root, { ...options, serviceDir });
  const provider = asMap(get(root, 'provider'));
  const resourcesNode = get(root, 'resources');
  const functions: ServiceFunction[] = [];
  for (const pair of asMap(get(root, 'functions'))?.pairs ?? []) {
    const name = keyText(pair.key);
    if (name === null) continue;
    const body = asMap(pair.value);
    functions.push({
      name,
      logicalId: functionLogicalId(name),
      pair,
      body,
      events: readEvents(body),
      overrides: [],
    });
  }
  const overrides = overridesOf(resourcesNode, new Set(functions.map((f) => f.logicalId)));
  for (const fn of functions) fn.overrides = overrides.get(fn.logicalId) ?? [];
  const resources = resourcesTemplate(doc, resourcesNode);
  // An override names a resource the framework generates: it needs no `Type` of its own. An entry
  // written as a variable (`${file(role.yml)}`) is a resource the framework reads from elsewhere.
  const entries = asMap(get(resourcesNode, 'Resources'));
  const invalidEntries = (resources?.invalidEntries ?? []).filter((entry) => {
    const written =
      entry.problem === 'resourcesNotMapping'
        ? get(resourcesNode, 'Resources')
        : entries
          ? get(entries, entry.id)
          : undefined;
    return !overrides.has(entry.id) && !VariableResolver.holdsVariable(written);
  });
  return { doc, provider, functions, variables, resources, invalidEntries };
}

/** A function's own setting as written: its pair under the function. */
export function ownPair(fn: ServiceFunction, key: string): Pair | undefined {
  return fn.body ? findPair(fn.body, key) : undefined;
}

/** A provider-level setting as written. */
export function providerPair(model: ServiceModel, key: string): Pair | undefined {
  return model.provider ? findPair(model.provider, key) : undefined;
}

/** An override's pair for a CloudFormation property, the last written winning (extensions come after Resources). */
export function overridePair(
  fn: ServiceFunction,
  property: string,
): { container: MapNode; pair: Pair } | undefined {
  for (let i = fn.overrides.length - 1; i >= 0; i--) {
    const pair = findPair(fn.overrides[i], property);
    if (pair) return { container: fn.overrides[i], pair };
  }
  return undefined;
}

/** True when a node is written as nothing (`vpc:`, `vpc: null`, `vpc: ~`) or `false`. */
export function isNullOrFalse(node: Node | undefined): boolean {
  const target = deref(node);
  return (
    target?.kind === 'scalar' &&
    !target.tag &&
    target.style === 'plain' &&
    /^(?:|~|null|Null|NULL|false|False|FALSE)$/.test(target.value)
  );
}
