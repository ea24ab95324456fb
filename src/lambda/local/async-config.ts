/**
 * How Lambda handles a function's asynchronous invocations, read from its template: retries
 * (`MaximumRetryAttempts`, default 2), the longest an event may wait (`MaximumEventAgeInSeconds`,
 * default 6 hours), the destinations of its outcomes and its dead-letter queue. SAM's `EventInvokeConfig`
 * and `DeadLetterQueue` properties, CloudFormation's `AWS::Lambda::EventInvokeConfig` resources and
 * `DeadLetterConfig`. Destinations are only described: the local runtime never calls them.
 */
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

/**
 * How this module reads a template: functions.ts passes the core's readers, so that the template's
 * nodes stay opaque here (`N`) and the local runtime's deep imports of the core stay where they were.
 */
export interface TemplateReader<N> {
  get(node: N | undefined, key: string): N | undefined;
  /** A literal string, or one the local runtime can settle (parameter defaults, pseudo parameters). */
  text(node: N): string | undefined;
  number(node: N): number | undefined;
  /** The logical id that `!Ref X` or `!GetAtt X.Attribute` names. */
  reference(node: N): string | undefined;
}

/** Where a function's settings are: SAM's properties, or CloudFormation's resources and property. */
export interface AsyncSources<N> {
  /** SAM's `EventInvokeConfig` property. */
  samConfig?: N;
  /** The properties of the AWS::Lambda::EventInvokeConfig resources that name the function. */
  resources: (N | undefined)[];
  /** SAM's `DeadLetterQueue` or CloudFormation's `DeadLetterConfig`. */
  deadLetter?: N;
  /** Whether `deadLetter` is SAM's (it has a Type). */
  sam: boolean;
}

/** The destination a node names, literal or not: what the developer wrote, not a guess at its ARN. */
function describeTarget<N>(
  node: N | undefined,
  read: TemplateReader<N>,
  type?: string,
): AsyncTarget | undefined {
  if (node === undefined) return undefined;
  const target = read.text(node) ?? read.reference(node) ?? 'a destination decided at deploy time';
  const service = /^arn:aws[a-z-]*:([a-z0-9-]+):/.exec(target)?.[1];
  return { target, type: type ?? (service ? SERVICE_TYPES[service] : undefined) };
}

/** The `OnSuccess` / `OnFailure` of a DestinationConfig. */
function destination<N>(
  config: N | undefined,
  key: string,
  read: TemplateReader<N>,
): AsyncTarget | undefined {
  const entry = read.get(read.get(config, 'DestinationConfig'), key);
  if (entry === undefined) return undefined;
  const typeNode = read.get(entry, 'Type');
  return describeTarget(
    read.get(entry, 'Destination'),
    read,
    typeNode === undefined ? undefined : read.text(typeNode),
  );
}

/** The function's asynchronous invocation settings, Lambda's defaults where the template sets none. */
export function readAsyncConfig<N>(sources: AsyncSources<N>, read: TemplateReader<N>): AsyncInvokeConfig {
  // SAM's property, else a resource for $LATEST (or with no qualifier), else any other one.
  const latest = sources.resources.find((props) => {
    const qualifier = read.get(props, 'Qualifier');
    return qualifier === undefined || read.text(qualifier) === '$LATEST';
  });
  const config = sources.samConfig ?? latest ?? sources.resources[0];
  const number = (key: string, fallback: number): number => {
    const node = read.get(config, key);
    return (node === undefined ? undefined : read.number(node)) ?? fallback;
  };
  const dlqType = sources.sam ? read.get(sources.deadLetter, 'Type') : undefined;
  return {
    maximumRetryAttempts: number('MaximumRetryAttempts', DEFAULT_ASYNC_CONFIG.maximumRetryAttempts),
    maximumEventAgeSeconds: number('MaximumEventAgeInSeconds', DEFAULT_ASYNC_CONFIG.maximumEventAgeSeconds),
    onSuccess: destination(config, 'OnSuccess', read),
    onFailure: destination(config, 'OnFailure', read),
    deadLetterQueue: describeTarget(
      read.get(sources.deadLetter, 'TargetArn'),
      read,
      dlqType === undefined ? undefined : read.text(dlqType),
    ),
  };
}
