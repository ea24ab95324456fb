/**
 * Builds the model from a parsed template: functions (SAM `Globals` merged), then every related
 * resource linked to the functions it names, in one pass over `Resources`.
 */
import {
  type MapNode,
  type Node,
  type Pair,
  asMap,
  asSeq,
  deref,
  emptyScalar,
  get,
  keyText,
} from '../../parse/ast';
import { scalarValue } from '../../parse/scalar-value';
import type { TemplateDocument } from './template';
import type {
  EventSourceMapping,
  FunctionProperty,
  InvalidResource,
  FunctionType,
  LambdaFunction,
  Resource,
  SamEvent,
  TemplateModel,
} from './types';
import { type Parameters, asString, readParameters, referencedIds, resolve } from './values';
import { ignoredGlobals, readEvents, readProps } from './properties';

const FUNCTION_TYPES = new Set<string>(['AWS::Serverless::Function', 'AWS::Lambda::Function']);

/*
 * Caches by node identity. Nodes are never changed after parsing, except that an incremental
 * re-parse (parse/incremental.ts) moves the nodes of the entries it keeps (their offsets change,
 * nothing else), so what is read from a node's content stays true for as long as the node lives.
 * Re-linting after an edit inside one resource then reads only that resource again. Nothing cached
 * here holds an offset of its own: offsets are always read from the nodes.
 */
const parameterCache = new WeakMap<Node, Parameters>();
/** The parameters of a template without a `Parameters` section (never modified). */
const NO_PARAMETERS: Parameters = new Map();

interface FunctionBase {
  globals: MapNode | null;
  params: Parameters;
  props: Map<string, FunctionProperty>;
  events: SamEvent[];
}
/**
 * A resource as the builder keeps it: the record of a `Resources` entry is kept on the entry's body
 * node (`memo`), and a function's properties and events on the record, rather than in WeakMaps:
 * thousands of WeakMap entries per lint cost more than the two fields.
 */
interface ResourceRecord extends Resource {
  functionBase: FunctionBase | undefined;
}

function readEntry(pair: Pair, id: string): Resource | InvalidResource {
  const body = asMap(pair.value);
  const cached = body?.memo as ResourceRecord | undefined;
  if (cached && cached.id === id && cached.keyNode === pair.key && cached.body === body) return cached;
  const type = deref(get(body, 'Type'));
  // CloudFormation wants a non-empty string: `Type: 42`, `Type: null` and `Type: ''` are read as YAML
  // reads them (a number, null, empty), not as the text written.
  const value = type?.kind === 'scalar' && !type.tag ? scalarValue(type) : undefined;
  if (!body || typeof value !== 'string' || value === '')
    return {
      id,
      keyNode: pair.key,
      problem: !body ? 'notMapping' : !type || value === '' || value === null ? 'noType' : 'typeNotString',
    };
  const entry: ResourceRecord = {
    id,
    type: value,
    keyNode: pair.key,
    body,
    properties: asMap(get(body, 'Properties')),
    functionBase: undefined,
  };
  body.memo = entry;
  return entry;
}

function readResources(root: Node | null, invalid: InvalidResource[]): Map<string, Resource> {
  const resources = new Map<string, Resource>();
  const section = get(root, 'Resources');
  if (section && !asMap(section)) {
    // A list, a string or nothing where the resources should be: reported, never an empty template.
    const written = asMap(root)?.pairs.find((p) => keyText(p.key) === 'Resources');
    if (written) invalid.push({ id: 'Resources', keyNode: written.key, problem: 'resourcesNotMapping' });
    return resources;
  }
  for (const pair of asMap(section)?.pairs ?? []) {
    const id = keyText(pair.key);
    if (id === null) continue; // a non-scalar key is already a parse error
    const entry = readEntry(pair, id);
    if ('problem' in entry) invalid.push(entry);
    else resources.set(id, entry);
  }
  return resources;
}

/** The template's parameters, read once per `Parameters` section. */
function parametersOf(root: Node | null): Parameters {
  const section = get(root, 'Parameters');
  if (!section) return NO_PARAMETERS;
  let params = parameterCache.get(section);
  if (!params) parameterCache.set(section, (params = readParameters(root)));
  return params;
}

function newFunction(resource: Resource, globals: MapNode | null, params: Parameters): LambdaFunction {
  const record = resource as ResourceRecord; // every resource is made by readEntry
  let base = record.functionBase;
  if (!base || base.globals !== globals || base.params !== params) {
    const props = new Map<string, FunctionProperty>();
    readProps(resource.properties, false, params, props);
    if (resource.type === 'AWS::Serverless::Function')
      readProps(globals, true, params, props, ignoredGlobals(resource));
    const events = resource.type === 'AWS::Serverless::Function' ? readEvents(resource.properties) : [];
    record.functionBase = base = { globals, params, props, events };
  }
  const { props, events } = base;
  return {
    id: resource.id,
    type: resource.type as FunctionType,
    resource,
    props,
    events,
    behindRestApi: events.some((e) => e.type === 'Api'),
    behindHttpApi: events.some((e) => e.type === 'HttpApi'),
    // Most functions link to nothing: they share one empty list until `link` gives them their own.
    provisioned: NOTHING,
    eventInvokeConfigs: NOTHING,
    eventSourceMappings: NOTHING,
    schedules: NOTHING,
    urls: NOTHING,
    capacityProviders: NOTHING,
  };
}

/** The empty link list every function starts with (frozen: never added to). */
const NOTHING: never[] = Object.freeze([]) as unknown as never[];

type LinkList =
  'provisioned' | 'eventInvokeConfigs' | 'eventSourceMappings' | 'schedules' | 'urls' | 'capacityProviders';

/** Adds a link to one of a function's lists. */
function link<K extends LinkList>(fn: LambdaFunction, list: K, item: LambdaFunction[K][number]): void {
  if (fn[list] === NOTHING) fn[list] = [] as unknown as LambdaFunction[K];
  (fn[list] as LambdaFunction[K][number][]).push(item);
}

const SAM_POLLER_KINDS: Record<string, EventSourceMapping['kind']> = {
  SQS: 'sqs',
  Kinesis: 'kinesis',
  DynamoDB: 'dynamodb',
  MSK: 'kafka',
  SelfManagedKafka: 'kafka',
  MQ: 'mq',
  DocumentDB: 'other',
};

const RESOURCE_KINDS: Record<string, EventSourceMapping['kind']> = {
  'AWS::SQS::Queue': 'sqs',
  'AWS::Kinesis::Stream': 'kinesis',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::DynamoDB::GlobalTable': 'dynamodb',
  'AWS::MSK::Cluster': 'kafka',
  'AWS::AmazonMQ::Broker': 'mq',
};

/** Builds the model of one parsed template. */
export function buildModel(doc: TemplateDocument): TemplateModel {
  const params = parametersOf(doc.root);
  const invalidResources: InvalidResource[] = [];
  const resources = readResources(doc.root, invalidResources);
  const globalFunction = doc.format === 'sam' ? asMap(get(get(doc.root, 'Globals'), 'Function')) : null;
  const functions: LambdaFunction[] = [];
  const byId = new Map<string, LambdaFunction>();
  const byName = new Map<string, LambdaFunction>();
  for (const resource of resources.values()) {
    if (!FUNCTION_TYPES.has(resource.type)) continue;
    const fn = newFunction(resource, globalFunction, params);
    functions.push(fn);
    byId.set(fn.id, fn);
    const name = asString(fn.props.get('FunctionName')?.resolved);
    if (name) byName.set(name, fn);
  }
  if (functions.length === 0)
    return { doc, parameters: params, resources, invalidResources, functions, globalFunction };

  /** The functions a value names: by logical id (Ref, GetAtt, Sub) or by a literal function name. */
  const functionsIn = (node: Node | undefined): LambdaFunction[] => {
    if (!node) return [];
    const found = new Set<LambdaFunction>();
    for (const id of referencedIds(node)) {
      const fn = byId.get(id);
      if (fn) found.add(fn);
    }
    const literal = deref(node);
    if (literal?.kind === 'scalar') {
      const name = literal.value.includes(':function:')
        ? literal.value.split(':function:')[1].split(':')[0]
        : literal.value;
      const fn = byName.get(name);
      if (fn) found.add(fn);
    }
    return [...found];
  };

  for (const fn of functions) linkOwnSettings(fn, resources, params);
  for (const resource of resources.values()) {
    const props = resource.properties;
    switch (resource.type) {
      case 'AWS::Lambda::Alias':
      case 'AWS::Lambda::Version': {
        const pcPair = props?.pairs.find((p) => keyText(p.key) === 'ProvisionedConcurrencyConfig');
        if (!pcPair || !props) break;
        let targets = functionsIn(get(props, 'FunctionName'));
        if (targets.length === 0 && resource.type === 'AWS::Lambda::Alias') {
          // An alias may name its function only through the version it points at.
          for (const id of referencedIds(get(props, 'FunctionVersion'))) {
            const version = resources.get(id);
            if (version?.type === 'AWS::Lambda::Version')
              targets = functionsIn(get(version.properties, 'FunctionName'));
          }
        }
        const executions = get(pcPair.value, 'ProvisionedConcurrentExecutions');
        for (const fn of targets) {
          link(fn, 'provisioned', {
            via: resource.type === 'AWS::Lambda::Alias' ? 'alias' : 'version',
            pair: pcPair,
            container: props,
            fromGlobals: false,
            executions: executions ? resolve(executions, params) : undefined,
            resource,
          });
        }
        break;
      }
      case 'AWS::Lambda::EventInvokeConfig':
        for (const fn of functionsIn(get(props, 'FunctionName'))) link(fn, 'eventInvokeConfigs', resource);
        break;
      case 'AWS::Lambda::EventSourceMapping': {
        const sourceIds = referencedIds(get(props, 'EventSourceArn'));
        const source = [...sourceIds].map((id) => resources.get(id)).find((r) => r !== undefined);
        const arn = asString(resolve(get(props, 'EventSourceArn') ?? emptyScalar(), params)) ?? '';
        const kind: EventSourceMapping['kind'] = source
          ? (RESOURCE_KINDS[source.type] ?? 'other')
          : /^arn:aws[-a-z]*:sqs:/.test(arn)
            ? 'sqs'
            : /^arn:aws[-a-z]*:kinesis:/.test(arn)
              ? 'kinesis'
              : /^arn:aws[-a-z]*:dynamodb:/.test(arn)
                ? 'dynamodb'
                : 'other';
        const queue = source?.type === 'AWS::SQS::Queue' ? source : null;
        for (const fn of functionsIn(get(props, 'FunctionName'))) {
          link(fn, 'eventSourceMappings', { resource, event: null, properties: props, kind, queue });
        }
        break;
      }
      case 'AWS::Events::Rule': {
        const expression = get(props, 'ScheduleExpression');
        if (!expression) break;
        for (const target of asSeq(get(props, 'Targets'))?.items ?? []) {
          for (const fn of functionsIn(get(target, 'Arn'))) {
            link(fn, 'schedules', { expression, input: get(target, 'Input') ?? null, source: { resource } });
          }
        }
        break;
      }
      case 'AWS::Scheduler::Schedule': {
        const expression = get(props, 'ScheduleExpression');
        const target = get(props, 'Target');
        if (!expression) break;
        for (const fn of functionsIn(get(target, 'Arn'))) {
          link(fn, 'schedules', { expression, input: get(target, 'Input') ?? null, source: { resource } });
        }
        break;
      }
      case 'AWS::Lambda::Url':
        for (const fn of functionsIn(get(props, 'TargetFunctionArn'))) link(fn, 'urls', resource);
        break;
      case 'AWS::ApiGateway::Method':
      case 'AWS::ApiGateway::RestApi':
      case 'AWS::Serverless::Api':
        for (const fn of functionsIn(props ?? undefined)) fn.behindRestApi = true;
        break;
      case 'AWS::ApiGatewayV2::Integration':
      case 'AWS::ApiGatewayV2::Api':
      case 'AWS::Serverless::HttpApi':
        for (const fn of functionsIn(props ?? undefined)) fn.behindHttpApi = true;
        break;
    }
  }
  return { doc, parameters: params, resources, invalidResources, functions, globalFunction };
}

/** Links what a function declares itself: SAM provisioned concurrency, poller events, schedules, capacity providers. */
function linkOwnSettings(fn: LambdaFunction, resources: Map<string, Resource>, params: Parameters): void {
  const pc = fn.props.get('ProvisionedConcurrencyConfig');
  if (pc) {
    const executions = get(pc.pair.value, 'ProvisionedConcurrentExecutions');
    link(fn, 'provisioned', {
      via: 'sam',
      pair: pc.pair,
      container: pc.container,
      fromGlobals: pc.fromGlobals,
      executions: executions ? resolve(executions, params) : undefined,
    });
  }
  for (const event of fn.events) {
    const kind = SAM_POLLER_KINDS[event.type];
    if (kind) {
      let queue: Resource | null = null;
      if (kind === 'sqs') {
        for (const id of referencedIds(get(event.properties, 'Queue'))) {
          const r = resources.get(id);
          if (r?.type === 'AWS::SQS::Queue') queue = r;
        }
      }
      link(fn, 'eventSourceMappings', { resource: null, event, properties: event.properties, kind, queue });
    }
    if (event.type === 'Schedule' || event.type === 'ScheduleV2') {
      const expression = get(event.properties, event.type === 'Schedule' ? 'Schedule' : 'ScheduleExpression');
      if (expression)
        link(fn, 'schedules', {
          expression,
          input: get(event.properties, 'Input') ?? null,
          source: { event },
        });
    }
  }
  const capacity = fn.props.get('CapacityProviderConfig');
  if (capacity) {
    for (const id of referencedIds(capacity.pair.value)) {
      const r = resources.get(id);
      if (r) link(fn, 'capacityProviders', r);
    }
  }
}
