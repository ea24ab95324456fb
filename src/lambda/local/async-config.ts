/**
 * How Lambda handles a function's asynchronous invocations, read from its template: retries
 * (`MaximumRetryAttempts`, default 2), the longest an event may wait (`MaximumEventAgeInSeconds`,
 * default 6 hours), the destinations of its outcomes and its dead-letter queue. SAM's `EventInvokeConfig`
 * and `DeadLetterQueue` properties, CloudFormation's `AWS::Lambda::EventInvokeConfig` resources and
 * `DeadLetterConfig`. Destinations are only described: the local runtime never calls them.
 */
import { type Node, deref, get } from '../../core/parse/ast';
import type { LambdaFunction } from '../../core/formats/cloudformation/types';
import { type Parameters, asNumber, intrinsicOf, resolve } from '../../core/formats/cloudformation/values';

/** Where Lambda would send a record: the target as the template names it, and its kind. */
export interface AsyncTarget {
  /** An ARN, or the logical id of the template's resource (`!Ref Topic`, `!GetAtt Queue.Arn`). */
  target: string;
  /** SQS, SNS, Lambda, EventBridge, S3, or undefined when it cannot be told. */
  type?: string;
}

export interface AsyncInvokeConfig {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  onSuccess?: AsyncTarget;
  onFailure?: AsyncTarget;
  deadLetterQueue?: AsyncTarget;
}

export const DEFAULT_ASYNC_CONFIG: AsyncInvokeConfig = {
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 21_600,
};

const SERVICE_TYPES: Record<string, string> = {
  sqs: 'SQS',
  sns: 'SNS',
  lambda: 'Lambda',
  events: 'EventBridge',
  s3: 'S3',
};

/** A literal string, or the values a local runtime can settle (see functions.ts: localString). */
export type LocalString = (node: Node) => string | undefined;

/** The destination a node names, literal or not: what the developer wrote, not a guess at its ARN. */
function describeTarget(
  node: Node | undefined,
  localString: LocalString,
  type?: string,
): AsyncTarget | undefined {
  if (!node) return undefined;
  const literal = localString(node);
  const intrinsic = intrinsicOf(node);
  const arg = deref(intrinsic?.arg);
  let target = literal;
  if (target === undefined && intrinsic?.name === 'Ref' && arg?.kind === 'scalar') target = arg.value;
  if (target === undefined && intrinsic?.name === 'Fn::GetAtt') {
    if (arg?.kind === 'scalar') target = arg.value.split('.')[0];
    else if (arg?.kind === 'seq') {
      const first = deref(arg.items[0]);
      if (first?.kind === 'scalar') target = first.value;
    }
  }
  if (target === undefined) target = 'a destination decided at deploy time';
  const service = /^arn:aws[a-z-]*:([a-z0-9-]+):/.exec(target)?.[1];
  return { target, type: type ?? (service ? SERVICE_TYPES[service] : undefined) };
}

/** The `OnSuccess` / `OnFailure` of a DestinationConfig. */
function destination(
  config: Node | undefined,
  key: string,
  localString: LocalString,
): AsyncTarget | undefined {
  const entry = get(get(config, 'DestinationConfig'), key);
  if (!entry) return undefined;
  const typeNode = get(entry, 'Type');
  const type = typeNode ? localString(typeNode) : undefined;
  return describeTarget(get(entry, 'Destination'), localString, type);
}

/** The function's asynchronous invocation settings, Lambda's defaults where the template sets none. */
export function readAsyncConfig(
  fn: LambdaFunction,
  params: Parameters,
  localString: LocalString,
): AsyncInvokeConfig {
  const sam = fn.type === 'AWS::Serverless::Function';
  // SAM's property, else a resource for $LATEST (or with no qualifier), else any other one.
  const resources = fn.eventInvokeConfigs.map((resource) => resource.properties ?? undefined);
  const latest = resources.find((props) => {
    const qualifier = get(props, 'Qualifier');
    return !qualifier || localString(qualifier) === '$LATEST';
  });
  const config = (sam ? fn.props.get('EventInvokeConfig')?.pair.value : undefined) ?? latest ?? resources[0];
  const number = (key: string, fallback: number): number => {
    const node = get(config, key);
    return (node && asNumber(resolve(node, params))) ?? fallback;
  };
  const dlqNode = fn.props.get(sam ? 'DeadLetterQueue' : 'DeadLetterConfig')?.pair.value;
  const dlqTypeNode = sam ? get(dlqNode, 'Type') : undefined;
  return {
    maximumRetryAttempts: number('MaximumRetryAttempts', DEFAULT_ASYNC_CONFIG.maximumRetryAttempts),
    maximumEventAgeSeconds: number('MaximumEventAgeInSeconds', DEFAULT_ASYNC_CONFIG.maximumEventAgeSeconds),
    onSuccess: destination(config, 'OnSuccess', localString),
    onFailure: destination(config, 'OnFailure', localString),
    deadLetterQueue: describeTarget(
      get(dlqNode, 'TargetArn'),
      localString,
      dlqTypeNode ? localString(dlqTypeNode) : undefined,
    ),
  };
}
