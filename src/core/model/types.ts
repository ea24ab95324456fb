/**
 * The semantic model the rules read: Lambda functions and the resources around them as Lambda
 * concepts (timeout, memory, VPC, event sources, schedules, destinations, queues…), never as syntax.
 * Every IaC format feeds it through its adapter (src/core/formats/<format>/): the adapter knows the
 * format's names, defaults, inheritance and edits; a rule knows only what is declared here.
 */
import type { OffsetEdit } from '../fix/edits';

/** The IaC formats Ownless reads. */
export type FormatId = 'cloudformation' | 'serverless' | 'cdk' | 'terraform';

/** A stretch of the analysed file, in UTF-16 offsets of its text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * A setting's value as known before deployment, never guessed: written as a literal, known through
 * something else the file defines (a parameter's default, a variable's default, a constant), or
 * decided at deploy time (with what decides it, for messages).
 */
export type Value =
  | { kind: 'literal'; value: unknown }
  | { kind: 'indirect'; value: unknown; via: string }
  | { kind: 'dynamic'; reason: string };

/** The settings of a function, by their Lambda meaning (each format has its own names for them). */
export type SettingKey =
  | 'functionName'
  | 'runtime'
  | 'handler'
  | 'timeout'
  | 'memory'
  | 'ephemeralStorage'
  | 'architecture'
  | 'vpc'
  | 'fileSystems'
  | 'packageType'
  | 'layers'
  | 'reservedConcurrency'
  | 'capacityProvider'
  | 'durableConfig'
  | 'url'
  | 'deadLetterQueue';

/** What messages and fixes may name: the settings, and the other parts of a declaration the rules speak of. */
export type NameKey =
  | SettingKey
  | 'visibilityTimeout'
  | 'redrivePolicy'
  | 'onFailure'
  | 'authType'
  | 'provisionedConcurrency'
  | 'provisionedPollers';

/** What a format offers at the place a setting (or a function, or a queue) is written. */
export interface Site {
  /** What a finding about it underlines. */
  readonly span: Span;
  /**
   * Where an inherited setting comes from, in the format's words (`Globals`, `provider`, a shared
   * props object): findings then point back at every function that takes it. Undefined when written
   * on the function itself.
   */
  readonly inheritedFrom?: string;
  /** Removes the setting (its key and value); undefined when the format cannot. */
  remove(): OffsetEdit[] | undefined;
  /**
   * Replaces a literal value (the format renders it: quoted in JSON, plain in YAML…); undefined when
   * the value is not written here as a literal (a parameter, an expression) and must not be guessed.
   */
  setValue(value: string | number): OffsetEdit[] | undefined;
  /** Inserts settings beside the written ones (for a function or a queue); undefined when it cannot. */
  insert(entries: readonly (readonly [NameKey, string | number])[]): OffsetEdit[] | undefined;
  /**
   * The items of a written list (layers) whose text (as written, and as resolved) matches `pattern`:
   * their spans. Asked of every function's list on every re-lint, so it makes no object per item.
   */
  itemsMatching(pattern: RegExp): readonly Span[];
}

/** A value and where it is written. */
export interface WrittenValue {
  value: Value;
  site: Site;
}

/** A setting written in one place, and every function that takes it from there. */
export interface Setting extends WrittenValue {
  key: SettingKey;
  /** The format's name for it, as messages say it: `VpcConfig` (SAM), `vpc` (serverless.yml), `vpc_config` (Terraform). */
  name: string;
  /** The functions that take it: one for a function's own setting, each taker of an inherited one. */
  readonly functions: readonly LambdaFunction[];
}

/** Provisioned concurrency that applies to a function (on the function, or on an alias or version of it). */
export interface ProvisionedConcurrency {
  /** The configured number of environments; undefined when not set. */
  executions: Value | undefined;
  /** Where it is written: functions that share one written configuration share this object. */
  site: Site;
}

export type SourceKind = 'sqs' | 'kinesis' | 'dynamodb' | 'kafka' | 'mq' | 'other';

/** A queue of the analysed file that a function reads from. */
export interface Queue {
  id: string;
  /** The queue's declaration (its name). */
  site: Site;
  /** Its visibility timeout as written; undefined when left to the default. */
  visibilityTimeout: WrittenValue | undefined;
  /** The visibility timeout the queue service applies when none is written, in seconds. */
  defaultVisibilityTimeout: number;
  /** True when failed messages move to a dead-letter queue (a redrive policy). */
  hasDeadLetterQueue: boolean;
}

/** An event source mapping: a poller that reads a queue or a stream and invokes the function. */
export interface EventSourceMapping {
  kind: SourceKind;
  /** The mapping's declaration. */
  span: Span;
  /** Provisioned poller mode (capacity reserved and billed per hour), with where it is written. */
  provisionedPollers: Site | undefined;
  /** True when failed batches go to an on-failure destination. */
  hasOnFailure: boolean;
  /** True when retries or record age are limited (a failing batch is then dropped, not retried forever). */
  retriesLimited: boolean;
  /** The batching window, in seconds (0 when none). */
  batchingWindow: number;
  /** The queue it reads, when that queue is declared in the analysed file. */
  queue: Queue | null;
  /** Mappings written in one place share this object (grouping findings on shared declarations). */
  anchor: object;
}

/** A schedule that invokes a function. */
export interface Schedule {
  /** `rate(5 minutes)`, `cron(…)`, as a value. */
  expression: Value;
  /** Where the expression is written. */
  span: Span;
  /** The words that describe it: its name, label and description as written. */
  labels: readonly string[];
  /**
   * The constant input sent to the function, as JSON text (at most 10,000 characters), or '' when
   * there is none or when its written text cannot contain `hint`: a format may answer without
   * converting the input (most schedules say nothing of the kind).
   */
  inputText(hint: RegExp): string;
}

/** An API route that invokes a function. */
export interface Route {
  api: 'rest' | 'http';
  method: string | undefined;
  path: string | undefined;
  /** The HTTP API's `$default` route (every request no other route takes). */
  defaultRoute: boolean;
  span: Span;
}

/** A Lambda function. */
export interface LambdaFunction {
  /** The name its format gives it: logical id, function key, construct id, resource address. */
  id: string;
  /**
   * The logical id of the CloudFormation resource its format generates for it (serverless.yml's
   * `<Name>LambdaFunction`), when that is not `id`; undefined otherwise.
   */
  readonly logicalId?: string;
  /** Its declaration (its name): where function-wide findings go and settings are inserted. */
  site: Site;
  /** An effective setting (the function's own, or inherited), with where it is written. */
  setting(key: SettingKey): Setting | undefined;
  /** An effective setting's value; undefined when absent (the format's default applies: `defaults`). */
  value(key: SettingKey): Value | undefined;
  /** True when an API Gateway REST API invokes it (its integrations wait 29 s). */
  behindRestApi: boolean;
  /** True when an HTTP API invokes it (30 s). */
  behindHttpApi: boolean;
  provisioned: readonly ProvisionedConcurrency[];
  eventSourceMappings: readonly EventSourceMapping[];
  schedules: readonly Schedule[];
  routes: readonly Route[];
  /** What invokes it asynchronously, as messages name them (`S3 event Upload`, `AWS::SNS::Topic Alerts`). */
  asyncInvokers: readonly string[];
  /** True when failed asynchronous invocations go somewhere (an on-failure destination or a DLQ). */
  hasAsyncFailureDestination: boolean;
  /** Its code folder relative to the analysed file's folder; undefined when the code is not a local folder. */
  codeFolder: string | undefined;
  /**
   * True when part of its declaration could not be read (a parse problem there): rules that report
   * an absence stay quiet rather than guess.
   */
  incomplete: boolean;
  /**
   * An object that stays the same, from one analysis of the file to the next, for as long as the
   * function's declaration and what it inherits are unchanged: front ends key caches on it (its
   * handler link, say). Undefined when the format cannot tell (nothing is then cached).
   */
  readonly unchangedSince?: object;
}

/** A function URL (anyone may call it when its auth is NONE). */
export interface FunctionUrl {
  /** The auth type; undefined when not written. */
  auth: WrittenValue | undefined;
  /** The functions of this file it targets (possibly none: a function declared elsewhere). */
  functions: readonly LambdaFunction[];
  /** How messages name its target when no function of this file is it. */
  target: string;
}

/** Machines by another name: Managed Instances capacity providers, MicroVM images. */
export interface Machine {
  id: string;
  kind: 'capacityProvider' | 'microvmImage';
  /** The format's name for what it is (`AWS::Lambda::CapacityProvider`, `aws_lambda_capacity_provider`). */
  type: string;
  span: Span;
  functions: readonly LambdaFunction[];
}

/** An entry that should declare a resource but cannot be read as one (the deployment would be rejected). */
export interface InvalidEntry {
  id: string;
  span: Span;
  problem: 'notMapping' | 'noType' | 'typeNotString' | 'resourcesNotMapping' | 'missingTransform';
  /** What the file must declare for the entry to be read (`missingTransform`: the transform). */
  needs?: string;
}

/** A string written in the file, for rules that read what is written (regions in ARNs). */
export interface WrittenString {
  value: string;
  span: Span;
  /** The text as written (quotes, escapes). */
  raw: string;
  /** The key it is the value of, when it is one. */
  key: string | null;
  /** True for a string written over several lines. */
  multiline: boolean;
  /** Makes the string name the region it is deployed to instead of `region`; undefined when it cannot. */
  useDeployRegion(region: string): OffsetEdit[] | undefined;
}

/**
 * A part of the file whose strings are read together. `anchor` stays the same object while the
 * part's text is unchanged (offsets move with it), so a rule may cache what it found there,
 * relative to `start`.
 */
export interface WrittenPart {
  anchor: object;
  start: number;
  end: number;
  /** The part's text as written. */
  written(): string;
  /** True when every string's value in `written` (the part's text) is written verbatim (no escapes). */
  verbatim(written: string): boolean;
  /** Visits every literal string of the part (intrinsic functions and references are not literals). */
  strings(visit: (s: WrittenString) => void): void;
  /**
   * The id of the function whose own definition the part is (a function resource, a serverless
   * `functions` entry); absent for a part that is not one function's (another resource, a section).
   */
  functionId?: string;
}

/** How a format names and defaults things, for messages and fixes. */
export interface FormatInfo {
  id: FormatId;
  /** The format's name of a setting (`MemorySize`, `memorySize`, `memory_size`). */
  nameOf(key: NameKey): string;
  /** The defaults the format applies when a function leaves a limit out, and who applies them. */
  defaults: { timeout: number; memory: number; appliedBy: string };
  /**
   * What messages call the analysed file: `template` (SAM, CloudFormation), `service`
   * (serverless.yml). Absent: `template`.
   */
  document?: string;
  /**
   * How a message says that a setting has a value, where the format does not write it as the model
   * holds it (`<name> <value>`, CloudFormation's values: `AuthType NONE`, `PackageType Image`):
   * serverless.yml has no word for a public URL (it has no `url.authorizer`), writes `aws_iam` in
   * lower case, and says `image` for a container image. Undefined (or absent) for `<name> <value>`.
   */
  statement?(key: NameKey, value: string): string | undefined;
}

/** Everything rules know of one analysed file. */
export interface SemanticModel {
  format: FormatInfo;
  /** The analysed file. */
  path: string;
  functions: readonly LambdaFunction[];
  /** Every place a setting is written, each with the functions that take it. */
  settings(key: SettingKey): readonly Setting[];
  urls(): readonly FunctionUrl[];
  machines(): readonly Machine[];
  invalidEntries: readonly InvalidEntry[];
  /** The file's written parts, for rules that read its literal strings. */
  writtenParts(): readonly WrittenPart[];
  /** The text of the file (rules read it only to skip work: what it cannot contain need not be looked for). */
  text: string;
}
