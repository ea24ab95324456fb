/**
 * The constructs a CDK source file creates and the calls that wire them, found among the file's calls
 * (src/core/code's model): Lambda functions, aliases and versions, queues, rules and schedules with
 * their targets, event sources, function URLs, capacity providers; and the method calls that link
 * them (`fn.addEventSource(…)`, `rule.addTarget(…)`, `alias.addAutoScaling(…)`…). A method call's
 * receiver is followed to the construct it names through the file's bindings (`const fn = new …`,
 * `this.fn = new …`, `fn.currentVersion`).
 */
import { type CodeNode, unwrap } from '../../code/code-node';
import type { CallSite, CodeModel } from '../../code/model';
import { type Origin, originOf } from '../../code/resolve';
import { constantValue } from '../../code/values';
import { cdkName } from './cdk-names';
import { camelCase } from './names';
import { type Props, readKeywordArguments, readPropsArgument } from './props';

/** The Lambda function constructors, by canonical name. */
export const FUNCTION_TYPES: ReadonlyMap<string, string> = new Map([
  ['aws_lambda.Function', 'Function'],
  ['aws_lambda_nodejs.NodejsFunction', 'NodejsFunction'],
  ['aws_lambda_python.PythonFunction', 'PythonFunction'],
  ['aws_lambda_go.GoFunction', 'GoFunction'],
  ['aws_lambda.DockerImageFunction', 'DockerImageFunction'],
  ['aws_lambda.SingletonFunction', 'SingletonFunction'],
]);

/** The other constructs and helpers read, by canonical name: what each is, and its props argument's place. */
const OTHER_TYPES: ReadonlyMap<string, { kind: ConstructKind; propsAt: number }> = new Map([
  ['aws_lambda.Alias', { kind: 'alias', propsAt: 2 }],
  ['aws_lambda.Version', { kind: 'version', propsAt: 2 }],
  ['aws_lambda.FunctionUrl', { kind: 'url', propsAt: 2 }],
  ['aws_lambda.CapacityProvider', { kind: 'capacityProvider', propsAt: 2 }],
  ['aws_lambda.EventSourceMapping', { kind: 'mapping', propsAt: 2 }],
  ['aws_sqs.Queue', { kind: 'queue', propsAt: 2 }],
  ['aws_events.Rule', { kind: 'rule', propsAt: 2 }],
  ['aws_scheduler.Schedule', { kind: 'schedule', propsAt: 2 }],
  ['aws_events_targets.LambdaFunction', { kind: 'ruleTarget', propsAt: 1 }],
  ['aws_scheduler_targets.LambdaInvoke', { kind: 'scheduleTarget', propsAt: 1 }],
  ['aws_lambda_event_sources.SqsEventSource', { kind: 'eventSource', propsAt: 1 }],
  ['aws_lambda_event_sources.KinesisEventSource', { kind: 'eventSource', propsAt: 1 }],
  ['aws_lambda_event_sources.DynamoEventSource', { kind: 'eventSource', propsAt: 1 }],
  ['aws_lambda_event_sources.ManagedKafkaEventSource', { kind: 'eventSource', propsAt: 0 }],
  ['aws_lambda_event_sources.SelfManagedKafkaEventSource', { kind: 'eventSource', propsAt: 0 }],
  ['aws_lambda_event_sources.S3EventSource', { kind: 'asyncSource', propsAt: 1 }],
  ['aws_lambda_event_sources.SnsEventSource', { kind: 'asyncSource', propsAt: 1 }],
  ['aws_s3_notifications.LambdaDestination', { kind: 'asyncTarget', propsAt: 1 }],
  ['aws_sns_subscriptions.LambdaSubscription', { kind: 'asyncTarget', propsAt: 1 }],
  ['aws_apigateway.LambdaRestApi', { kind: 'restApi', propsAt: 2 }],
  ['aws_apigateway.LambdaIntegration', { kind: 'restIntegration', propsAt: 1 }],
  ['aws_apigatewayv2_integrations.HttpLambdaIntegration', { kind: 'httpIntegration', propsAt: 2 }],
]);

export type ConstructKind =
  | 'function'
  | 'alias'
  | 'version'
  | 'url'
  | 'capacityProvider'
  | 'mapping'
  | 'queue'
  | 'rule'
  | 'schedule'
  | 'ruleTarget'
  | 'scheduleTarget'
  | 'eventSource'
  | 'asyncSource'
  | 'asyncTarget'
  | 'restApi'
  | 'restIntegration'
  | 'httpIntegration';

/** A construct or helper object created in the file. */
export interface Construct {
  kind: ConstructKind;
  /** Its canonical name (`aws_lambda.Function`). */
  type: string;
  call: CallSite;
  /** Positional arguments (Python keyword arguments left out). */
  positional: CodeNode[];
  /** The construct id argument, for constructs (`'Worker'`). */
  idArg: CodeNode | undefined;
  constructId: string | undefined;
  props: Props;
}

/** A method call on a construct of the file. */
export interface MethodCall {
  call: CallSite;
  method: string;
  /** The construct it is called on; `version` when called on a function's `currentVersion`. */
  receiver: Construct;
  onCurrentVersion: boolean;
  positional: CodeNode[];
  /** Its options: the last positional argument's object (TypeScript) or the keyword arguments (Python). */
  props: Props;
}

/** The methods read (by their TypeScript names: Python's are snake_case), and where their options are. */
const METHODS: ReadonlyMap<string, number> = new Map([
  ['addEventSource', 0],
  ['addEventSourceMapping', 1],
  ['addFunctionUrl', 0],
  ['addAlias', 1],
  ['addAutoScaling', 0],
  ['addTarget', 0],
  ['configureAsyncInvoke', 0],
  ['addFunction', 1],
  ['addMethod', 2],
  ['addRoutes', 0],
]);

export interface FileConstructs {
  constructs: Construct[];
  byNode: Map<CodeNode, Construct>;
  methods: MethodCall[];
}

function isMethod(call: CallSite): boolean {
  return call.name !== undefined && !call.plainName && METHODS.has(camelCase(call.name));
}

function positionalArgs(args: readonly CodeNode[]): CodeNode[] {
  return args.filter(
    (a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'list_splat',
  );
}

function propsOf(model: CodeModel, call: CallSite, positional: CodeNode[], at: number): Props {
  if (model.family === 'python') return readKeywordArguments(model, call.node.field('arguments'));
  return readPropsArgument(model, positional[at]);
}

/** Every construct the file creates, and the method calls on them. */
export function scanConstructs(model: CodeModel): FileConstructs {
  const constructs: Construct[] = [];
  const byNode = new Map<CodeNode, Construct>();
  const candidates: CallSite[] = [];
  for (const call of model.calls) {
    // A constructor is `new X(…)` in TypeScript, a call of the class in Python.
    if (model.family === 'node' && !call.isNew) {
      if (isMethod(call)) candidates.push(call);
      continue;
    }
    const type = cdkName(model, call.callee);
    const fnType = type ? FUNCTION_TYPES.get(type) : undefined;
    const other = type ? OTHER_TYPES.get(type) : undefined;
    if (!type || (!fnType && !other)) {
      if (isMethod(call)) candidates.push(call);
      continue;
    }
    const positional = positionalArgs(call.args);
    const kind = fnType ? 'function' : other!.kind;
    const propsAt = fnType ? 2 : other!.propsAt;
    const idArg = propsAt === 2 ? positional[1] : undefined;
    const id = idArg && constantValue(model, idArg);
    const construct: Construct = {
      kind,
      type,
      call,
      positional,
      idArg,
      constructId: typeof id === 'string' ? id : undefined,
      props: propsOf(model, call, positional, propsAt),
    };
    constructs.push(construct);
    byNode.set(call.node, construct);
  }
  const found: FileConstructs = { constructs, byNode, methods: [] };
  for (const call of candidates) {
    const callee = unwrap(call.callee);
    const object = callee?.field('object');
    const target = object && constructAt(model, found, object);
    if (!target) continue;
    const positional = positionalArgs(call.args);
    const method = camelCase(call.name!);
    found.methods.push({
      call,
      method,
      receiver: target.construct,
      onCurrentVersion: target.currentVersion,
      positional,
      props: propsOf(model, call, positional, METHODS.get(method)!),
    });
  }
  return found;
}

/** The construct of the file an expression names (and whether it is a function's `currentVersion`). */
export function constructAt(
  model: CodeModel,
  found: FileConstructs,
  expr: CodeNode | undefined,
): { construct: Construct; currentVersion: boolean } | undefined {
  if (!expr) return undefined;
  return fromOrigin(found, originOf(model, expr));
}

function fromOrigin(
  found: FileConstructs,
  origin: Origin,
): { construct: Construct; currentVersion: boolean } | undefined {
  if (origin.kind === 'new' || origin.kind === 'call') {
    const construct = found.byNode.get(origin.node);
    return construct && { construct, currentVersion: false };
  }
  if (origin.kind === 'member' && (origin.name === 'currentVersion' || origin.name === 'current_version')) {
    const inner = fromOrigin(found, origin.of);
    return inner?.construct.kind === 'function'
      ? { construct: inner.construct, currentVersion: true }
      : undefined;
  }
  return undefined;
}
