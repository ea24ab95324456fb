/**
 * The format-neutral model the rules read: functions with their effective configuration (after SAM
 * `Globals`), where each property was written, and the resources linked to each function.
 */
import type { MapNode, Node, Pair } from '../../parse/ast';
import type { TemplateDocument } from './template';
import type { Parameters, Resolved } from './values';

/** A resource of the template. */
export interface Resource {
  id: string;
  type: string;
  /** The logical id as written (the resource's key). */
  keyNode: Node;
  body: MapNode;
  properties: MapNode | null;
}

/** One effective property of a function, and where it was written. */
export interface FunctionProperty {
  name: string;
  pair: Pair;
  /** The mapping that holds the pair: the function's Properties or `Globals.Function`. */
  container: MapNode;
  fromGlobals: boolean;
  resolved: Resolved;
  /** The `Globals` list or map SAM merges into this one (joined lists, merged maps). */
  inherited?: FunctionProperty;
}

/** A SAM event source declared under a function's `Events`. */
export interface SamEvent {
  name: string;
  type: string;
  pair: Pair;
  properties: MapNode | null;
}

/** A provisioned-concurrency setting that applies to a function. */
export interface ProvisionedConcurrency {
  /** Where it is configured: SAM's function property, or an Alias/Version resource. */
  via: 'sam' | 'alias' | 'version';
  /** The `ProvisionedConcurrencyConfig` pair. */
  pair: Pair;
  container: MapNode;
  fromGlobals: boolean;
  /** The configured `ProvisionedConcurrentExecutions`. */
  executions: Resolved | undefined;
  resource?: Resource;
}

/** An event source mapping feeding a function (a resource, or a SAM poller event). */
export interface EventSourceMapping {
  /** The resource (for AWS::Lambda::EventSourceMapping) or null for a SAM event. */
  resource: Resource | null;
  event: SamEvent | null;
  /** The mapping's properties (SAM event Properties or the resource's Properties). */
  properties: MapNode | null;
  kind: 'sqs' | 'kinesis' | 'dynamodb' | 'kafka' | 'mq' | 'other';
  /** The SQS queue resource it reads from, when that queue is in this template. */
  queue: Resource | null;
}

/** A schedule that invokes a function. */
export interface Schedule {
  /** The expression node (`rate(5 minutes)`, `cron(...)`). */
  expression: Node;
  /** The input sent to the function, when constant. */
  input: Node | null;
  /** The resource or SAM event that declares it. */
  source: { resource: Resource } | { event: SamEvent };
}

export type FunctionType = 'AWS::Serverless::Function' | 'AWS::Lambda::Function';

/** A function. A new field needs its check in `sameFunction` (same-function.ts): the compiler says so. */
export interface LambdaFunction {
  id: string;
  type: FunctionType;
  resource: Resource;
  /** Effective properties: the function's own, then `Globals.Function` for SAM functions. */
  props: Map<string, FunctionProperty>;
  events: SamEvent[];
  /** True when an API Gateway REST API invokes it (29 s integration limit). */
  behindRestApi: boolean;
  /** True when an HTTP API invokes it (30 s integration limit). */
  behindHttpApi: boolean;
  provisioned: ProvisionedConcurrency[];
  eventInvokeConfigs: Resource[];
  eventSourceMappings: EventSourceMapping[];
  schedules: Schedule[];
  urls: Resource[];
  /** Resources named in the function's `CapacityProviderConfig`. */
  capacityProviders: Resource[];
}

/** A resource entry that cannot be read as a resource (CloudFormation would reject the template). */
export interface InvalidResource {
  id: string;
  keyNode: Node;
  problem: 'notMapping' | 'noType' | 'typeNotString' | 'resourcesNotMapping';
}

export interface TemplateModel {
  doc: TemplateDocument;
  parameters: Parameters;
  resources: Map<string, Resource>;
  /** Entries of `Resources` that could not be read, so that none is dropped silently. */
  invalidResources: InvalidResource[];
  functions: LambdaFunction[];
  /** `Globals.Function` of a SAM template. */
  globalFunction: MapNode | null;
}
