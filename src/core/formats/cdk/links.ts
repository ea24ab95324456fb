/**
 * What the file links to each Lambda function: provisioned concurrency (aliases, versions,
 * `currentVersionOptions`, `addAlias`, `addAutoScaling`), event sources (`addEventSource` with SQS,
 * Kinesis, DynamoDB and Kafka sources; `EventSourceMapping`), schedules and rules (`events.Rule` with
 * `targets.LambdaFunction`, `scheduler.Schedule` with `LambdaInvoke`), routes (`LambdaRestApi`,
 * `LambdaIntegration`, `HttpLambdaIntegration`), asynchronous invokers and failure destinations,
 * function URLs and capacity providers. Worked out once per model, for every function together.
 */
import { unwrap } from '../../code/code-node';
import type { CodeNode } from '../../code/code-node';
import type {
  EventSourceMapping,
  ProvisionedConcurrency,
  Queue,
  Route,
  Schedule,
  SourceKind,
  Value,
} from '../../model/types';
import type { CdkFile } from './file';
import { type Construct, type MethodCall, constructAt } from './constructs';
import type { Props } from './props';
import { readNestedProps } from './props';
import { scheduleExpression } from './schedules';
import { PropSite, StatementSite } from './sites';
import { readValue } from './values';

export interface FunctionLinks {
  provisioned: ProvisionedConcurrency[];
  mappings: EventSourceMapping[];
  schedules: Schedule[];
  routes: Route[];
  asyncInvokers: string[];
  /** `configureAsyncInvoke({ onFailure })` was called on it. */
  asyncFailure: boolean;
  behindRestApi: boolean;
  behindHttpApi: boolean;
  /** `capacityProvider.addFunction(fn)`. */
  capacityProvider: MethodCall | undefined;
  /** `fn.addFunctionUrl(…)` and `new lambda.FunctionUrl(…, { function: fn })`. */
  urls: { at: CodeNode; props: Props; call: CodeNode; removable: boolean }[];
}

function emptyLinks(): FunctionLinks {
  return {
    provisioned: [],
    mappings: [],
    schedules: [],
    routes: [],
    asyncInvokers: [],
    asyncFailure: false,
    behindRestApi: false,
    behindHttpApi: false,
    capacityProvider: undefined,
    urls: [],
  };
}

const SOURCE_KINDS: Record<string, SourceKind> = {
  SqsEventSource: 'sqs',
  KinesisEventSource: 'kinesis',
  DynamoEventSource: 'dynamodb',
  ManagedKafkaEventSource: 'kafka',
  SelfManagedKafkaEventSource: 'kafka',
};

/** Every function's links, by its construct. */
export function linkFunctions(file: CdkFile): Map<Construct, FunctionLinks> {
  const { code: model, constructs } = file;
  const links = new Map<Construct, FunctionLinks>();
  for (const c of constructs.constructs) if (c.kind === 'function') links.set(c, emptyLinks());
  /** The function an expression names (a function of the file, or its `currentVersion`). */
  const fnAt = (expr: CodeNode | undefined): Construct | undefined => {
    const found = constructAt(model, constructs, expr);
    if (!found) return undefined;
    if (found.construct.kind === 'function') return found.construct;
    if (found.construct.kind === 'version') return fnAt(found.construct.props.byName.get('lambda')?.value);
    return undefined;
  };
  const of = (fn: Construct | undefined) => (fn ? links.get(fn) : undefined);
  /** Versions in use: `currentVersionOptions` makes provisioned concurrency only once a version is made. */
  const versioned = new Set<Construct>();

  const provisionedOf = (props: Props, executionsName = 'provisionedConcurrentExecutions') => {
    const prop = props.byName.get(executionsName);
    if (!prop) return undefined;
    const read = readValue(model, prop.value, 'number');
    if (read.value.kind !== 'dynamic' && read.value.value === null) return undefined;
    return { executions: read.value, site: new PropSite(model, prop, 'number', read.literal) };
  };

  for (const c of constructs.constructs) {
    switch (c.kind) {
      case 'alias': {
        const version = c.props.byName.get('version')?.value;
        const found = constructAt(model, constructs, version);
        const fn = found?.currentVersion ? found.construct : fnAt(version);
        if (fn && found?.currentVersion) versioned.add(fn);
        const pc = provisionedOf(c.props);
        if (pc) of(fn)?.provisioned.push(pc);
        break;
      }
      case 'version': {
        const pc = provisionedOf(c.props);
        if (pc) of(fnAt(c.props.byName.get('lambda')?.value))?.provisioned.push(pc);
        break;
      }
      case 'url': {
        const l = of(fnAt(c.props.byName.get('function')?.value));
        l?.urls.push({ at: c.call.node, props: c.props, call: c.call.node, removable: false });
        break;
      }
      case 'mapping': {
        const l = of(fnAt(c.props.byName.get('target')?.value));
        l?.mappings.push(mappingOf(file, c, 'other', c.props));
        break;
      }
      case 'rule':
      case 'schedule':
        linkSchedule(file, c, fnAt, of);
        break;
      case 'asyncTarget': {
        const l = of(fnAt(c.positional[0]));
        l?.asyncInvokers.push(c.type.endsWith('LambdaSubscription') ? 'SNS subscription' : 'S3 notification');
        break;
      }
      case 'restApi': {
        const l = of(fnAt(c.props.byName.get('handler')?.value));
        if (!l) break;
        l.behindRestApi = true;
        // LambdaRestApi proxies every request to the function (ANY /{proxy+}) unless `proxy: false`.
        const proxy = c.props.byName.get('proxy');
        const proxied = !proxy || unwrap(proxy.value)?.type === 'true';
        if (proxied)
          l.routes.push({
            api: 'rest',
            method: 'ANY',
            path: '/{proxy+}',
            defaultRoute: false,
            span: file.span(c.call.node),
          });
        break;
      }
      case 'restIntegration':
      case 'httpIntegration': {
        const l = of(fnAt(c.kind === 'restIntegration' ? c.positional[0] : c.positional[1]));
        if (c.kind === 'restIntegration' && l) l.behindRestApi = true;
        if (c.kind === 'httpIntegration' && l) l.behindHttpApi = true;
        break;
      }
      default:
        break;
    }
  }

  for (const m of constructs.methods) {
    const fn = m.receiver.kind === 'function' ? m.receiver : undefined;
    switch (m.method) {
      case 'addEventSource': {
        const source = constructAt(model, constructs, m.positional[0])?.construct;
        const l = of(fn);
        if (!l || !source) break;
        const short = source.type.slice(source.type.lastIndexOf('.') + 1);
        if (source.kind === 'asyncSource')
          l.asyncInvokers.push(short === 'S3EventSource' ? 'S3 event source' : 'SNS event source');
        else if (source.kind === 'eventSource')
          l.mappings.push(mappingOf(file, source, SOURCE_KINDS[short] ?? 'other', source.props));
        break;
      }
      case 'addEventSourceMapping':
        of(fn)?.mappings.push(mappingOf(file, undefined, 'other', m.props, m.call.node));
        break;
      case 'addFunctionUrl':
        of(fn)?.urls.push({ at: m.call.node, props: m.props, call: m.call.node, removable: true });
        break;
      case 'addAlias': {
        if (!fn) break;
        versioned.add(fn);
        const pc = provisionedOf(m.props);
        if (pc) of(fn)?.provisioned.push(pc);
        break;
      }
      case 'addAutoScaling': {
        // Provisioned concurrency scaled between minCapacity (default 1) and maxCapacity: the minimum is always on.
        if (m.receiver.kind !== 'alias') break;
        const target = m.receiver.props.byName.get('version')?.value;
        const found = constructAt(model, constructs, target);
        const l = of(found?.currentVersion ? found.construct : fnAt(target));
        if (!l) break;
        const min = m.props.byName.get('minCapacity');
        const executions: Value = min
          ? readValue(model, min.value, 'number').value
          : { kind: 'literal', value: 1 };
        l.provisioned.push({ executions, site: new StatementSite(model, m.call.node, true) });
        break;
      }
      case 'addTarget': {
        if (m.receiver.kind === 'rule') linkSchedule(file, m.receiver, fnAt, of, m.positional[0]);
        break;
      }
      case 'configureAsyncInvoke': {
        const l = of(fn);
        if (l && m.props.byName.has('onFailure')) l.asyncFailure = true;
        break;
      }
      case 'addFunction': {
        if (m.receiver.kind !== 'capacityProvider') break;
        const l = of(fnAt(m.positional[0]));
        if (l) l.capacityProvider = m;
        break;
      }
      default:
        break;
    }
  }

  // `currentVersionOptions` configure the version the CDK makes once something asks for it.
  for (const [fn, l] of links) {
    const options = fn.props.byName.get('currentVersionOptions');
    if (!options || !(versioned.has(fn) || file.mentionsCurrentVersion(fn))) continue;
    const pc = provisionedOf(readNestedProps(model, options.value));
    if (pc) l.provisioned.push(pc);
  }
  return links;
}

/** A mapping of an event source construct (or of `EventSourceMapping` props). */
function mappingOf(
  file: CdkFile,
  source: Construct | undefined,
  kind: SourceKind,
  props: Props,
  at?: CodeNode,
): EventSourceMapping {
  const model = file.code;
  const has = (name: string) => props.byName.has(name);
  const window = props.byName.get('maxBatchingWindow');
  const windowValue = window ? readValue(model, window.value, 'duration').value : undefined;
  const pollers = props.byName.get('provisionedPollerConfig');
  let queue: Queue | null = null;
  if (source && kind === 'sqs') {
    const q = constructAt(model, file.constructs, source.positional[0])?.construct;
    if (q?.kind === 'queue') queue = file.queue(q);
  }
  return {
    kind,
    span: file.span(source?.call.node ?? at!),
    provisionedPollers: pollers && new PropSite(model, pollers, 'none', false),
    hasOnFailure: has('onFailure'),
    retriesLimited: has('retryAttempts') || has('maxRecordAge'),
    batchingWindow: windowValue && windowValue.kind !== 'dynamic' ? Number(windowValue.value) || 0 : 0,
    queue,
    anchor: source ?? props,
  };
}

/** Links a rule's or schedule's Lambda targets to their functions (all of its targets, or `only`). */
function linkSchedule(
  file: CdkFile,
  c: Construct,
  fnAt: (expr: CodeNode | undefined) => Construct | undefined,
  of: (fn: Construct | undefined) => FunctionLinks | undefined,
  only?: CodeNode,
): void {
  const model = file.code;
  const enabled = c.props.byName.get('enabled');
  if (enabled && unwrap(enabled.value)?.type === 'false') return;
  const targetNodes: CodeNode[] = [];
  if (only) targetNodes.push(only);
  else if (c.kind === 'rule') {
    const list = unwrap(c.props.byName.get('targets')?.value);
    if (list?.type === 'array' || list?.type === 'list') targetNodes.push(...list.items);
  } else {
    const target = c.props.byName.get('target')?.value;
    if (target) targetNodes.push(target);
  }
  const scheduleProp = c.props.byName.get('schedule');
  const label = `${c.kind === 'rule' ? 'events.Rule' : 'scheduler.Schedule'} ${c.constructId ?? ''}`.trim();
  for (const node of targetNodes) {
    const target = constructAt(model, file.constructs, node)?.construct;
    if (target?.kind !== 'ruleTarget' && target?.kind !== 'scheduleTarget') continue;
    const l = of(fnAt(target.positional[0]));
    if (!l) continue;
    l.asyncInvokers.push(label);
    if (!scheduleProp) continue;
    const input = target.props.byName.get(target.kind === 'ruleTarget' ? 'event' : 'input');
    const labels = [
      c.constructId,
      ...['description', 'ruleName', 'scheduleName'].map((n) => {
        const p = c.props.byName.get(n);
        const v = p && readValue(model, p.value, 'string').value;
        return v && v.kind !== 'dynamic' ? String(v.value) : undefined;
      }),
    ].filter((x): x is string => typeof x === 'string');
    l.schedules.push({
      expression: scheduleExpression(model, scheduleProp.value),
      span: file.span(scheduleProp.node),
      labels,
      inputText: (hint) => {
        const text = input ? (inputArgument(input.value)?.text ?? '') : '';
        return hint.test(text) ? text.slice(0, 10_000) : '';
      },
    });
  }
}

/** The argument of `RuleTargetInput.fromObject({…})` / `fromText('…')`: what the function receives, as written. */
function inputArgument(node: CodeNode): CodeNode | undefined {
  const expr = unwrap(node);
  if (expr?.type !== 'call_expression' && expr?.type !== 'call') return expr;
  return expr.field('arguments')?.items[0];
}
