/**
 * What the code rules know about libraries: AWS SDK clients (v3, v2, boto3), database and cache
 * drivers, and Lambda invocation. Matching is by import, never by variable name: `new S3Client()`
 * counts only when S3Client comes from `@aws-sdk/client-s3`.
 */
import type { CodeNode } from './code-node';
import type { CallSite, CodeModel } from './model';
import { type Origin, callMemo, calleeOrigin } from './resolve';
import { stringValue } from './values';

/** A module member as one dotted name: `boto3.client`, `mysql.connector.connect`, `pg.Pool`. */
export function dottedName(origin: Origin): string | undefined {
  // Origins are shared per model (see resolve.ts) and every rule asks: each name is joined once.
  if (origin.kind === 'module')
    return (origin.dotted ??= origin.path.length
      ? `${origin.module}.${origin.path.join('.')}`
      : origin.module);
  if (origin.kind === 'global') return (origin.dotted ??= origin.path.join('.'));
  return undefined;
}

export interface Construction {
  kind: 'client' | 'connection';
  /** How the message names it: `S3Client`, `AWS.S3`, `boto3.client('s3')`, `pg Pool`. */
  label: string;
}

/** Database and cache drivers: calls and constructors that open connections (or pools). */
const CONNECTIONS: Record<string, string> = {
  // Node.js
  'pg.Pool': 'pg Pool',
  'pg.Client': 'pg Client',
  'pg.default.Pool': 'pg Pool',
  'pg-pool': 'pg Pool',
  'mysql.createConnection': 'mysql connection',
  'mysql.createPool': 'mysql pool',
  'mysql2.createConnection': 'mysql2 connection',
  'mysql2.createPool': 'mysql2 pool',
  'mysql2/promise.createConnection': 'mysql2 connection',
  'mysql2/promise.createPool': 'mysql2 pool',
  'mongodb.MongoClient': 'MongoClient',
  'mongodb.MongoClient.connect': 'MongoClient',
  mongoose: 'mongoose connection',
  'mongoose.connect': 'mongoose connection',
  'mongoose.createConnection': 'mongoose connection',
  ioredis: 'ioredis client',
  'ioredis.default': 'ioredis client',
  'ioredis.Redis': 'ioredis client',
  'ioredis.Cluster': 'ioredis cluster client',
  'redis.createClient': 'redis client',
  'redis.createCluster': 'redis cluster client',
  '@prisma/client.PrismaClient': 'PrismaClient',
  'sequelize.Sequelize': 'Sequelize',
  sequelize: 'Sequelize',
  knex: 'knex',
  postgres: 'postgres client',
  '@neondatabase/serverless.Pool': 'Neon Pool',
  '@neondatabase/serverless.Client': 'Neon Client',
  'mssql.connect': 'mssql connection',
  'mssql.ConnectionPool': 'mssql pool',
  'oracledb.getConnection': 'oracledb connection',
  'oracledb.createPool': 'oracledb pool',
  'cassandra-driver.Client': 'Cassandra client',
  '@elastic/elasticsearch.Client': 'Elasticsearch client',
  '@opensearch-project/opensearch.Client': 'OpenSearch client',
  'kafkajs.Kafka': 'Kafka client',
  'amqplib.connect': 'AMQP connection',
  // Python
  'psycopg2.connect': 'psycopg2 connection',
  'psycopg2.pool.SimpleConnectionPool': 'psycopg2 pool',
  'psycopg.connect': 'psycopg connection',
  'pymysql.connect': 'pymysql connection',
  'mysql.connector.connect': 'mysql.connector connection',
  'pymongo.MongoClient': 'MongoClient',
  'motor.motor_asyncio.AsyncIOMotorClient': 'Motor client',
  'redis.Redis': 'Redis client',
  'redis.StrictRedis': 'Redis client',
  'redis.from_url': 'Redis client',
  'redis.asyncio.from_url': 'Redis client',
  'sqlalchemy.create_engine': 'SQLAlchemy engine',
  'asyncpg.connect': 'asyncpg connection',
  'asyncpg.create_pool': 'asyncpg pool',
  'pg8000.connect': 'pg8000 connection',
  'pg8000.native.Connection': 'pg8000 connection',
  'pymssql.connect': 'pymssql connection',
  'oracledb.connect': 'oracledb connection',
  'cx_Oracle.connect': 'cx_Oracle connection',
  'elasticsearch.Elasticsearch': 'Elasticsearch client',
  'opensearchpy.OpenSearch': 'OpenSearch client',
};

/** Classes of the v2 SDK that are not service clients. */
const V2_NOT_CLIENTS = new Set([
  'config',
  'Config',
  'Credentials',
  'Endpoint',
  'EnvironmentCredentials',
  'SharedIniFileCredentials',
  'ChainableTemporaryCredentials',
  'TemporaryCredentials',
  'HttpRequest',
  'Request',
  'Response',
]);

/** How a call names what it calls (see `CallSite.name`). */
export function calleeName(call: CallSite): string | undefined {
  return call.name;
}

/**
 * A cheap filter before resolving a callee (most calls, `x.send()` or `list.map()`, are of no interest
 * to a rule): true for a member call with one of these names, and for a call through a plain name,
 * which may be an import or a global.
 */
export function mayCall(call: CallSite, members: ReadonlySet<string>): boolean {
  return call.plainName || call.name === undefined || members.has(call.name);
}

/** The last part of each dotted name: what a member call must be named to be one of them. */
export function lastParts(names: Iterable<string>): Set<string> {
  return new Set([...names].map((name) => name.slice(name.lastIndexOf('.') + 1)));
}

const CONSTRUCTION_MEMBERS = lastParts([...Object.keys(CONNECTIONS), 'client', 'resource', 'from']);

/**
 * Constructions already worked out: per call (on it, see `CallMemo`), and per model by callee origin
 * for those that do not depend on the arguments (the calls through one name share an origin).
 */
type ByOrigin = Map<Origin, [Construction | null | undefined, Construction | null | undefined]>;
const constructions = new WeakMap<CodeModel, ByOrigin>();

/** Drops the constructions worked out for a model (see `forgetOrigins`). */
export function forgetConstructions(model: CodeModel): void {
  constructions.delete(model);
  if (lastMemo.model === model) lastMemo.model = lastMemo.origins = undefined;
}

/** The memo asked for last (the rules ask about one model at a time). */
const lastMemo: { model: CodeModel | undefined; origins: ByOrigin | undefined } = {
  model: undefined,
  origins: undefined,
};

/** What a call or `new` constructs, when it is an SDK client or a database connection. */
export function constructionOf(model: CodeModel, call: CallSite): Construction | undefined {
  if (!call.isNew && !mayCall(call, CONSTRUCTION_MEMBERS)) return undefined;
  const memo = callMemo(model, call);
  let found = memo.construction as Construction | null | undefined;
  if (found === undefined) memo.construction = found = construct(model, call) ?? null;
  return found ?? undefined;
}

function byOrigin(model: CodeModel): ByOrigin {
  if (lastMemo.model === model) return lastMemo.origins!;
  let origins = constructions.get(model);
  if (!origins) constructions.set(model, (origins = new Map()));
  lastMemo.model = model;
  lastMemo.origins = origins;
  return origins;
}

function construct(model: CodeModel, call: CallSite): Construction | undefined {
  const callee = calleeOrigin(model, call);
  // boto3 clients are labelled with the service they are given.
  if (callee.kind === 'module' && callee.module === 'boto3' && callee.path.length === 1) {
    const last = callee.path[0];
    if (last === 'client' || last === 'resource')
      return { kind: 'client', label: `boto3.${last}(${call.args[0]?.text ?? ''})` };
  }
  // A boto3 session's clients: `boto3.Session().client('s3')`, `session.client('s3')`.
  if (callee.kind === 'member' && (callee.name === 'client' || callee.name === 'resource')) {
    const owner = callee.of;
    if (
      owner.kind === 'call' &&
      ['boto3.Session', 'boto3.session.Session'].includes(dottedName(owner.of) ?? '')
    )
      return { kind: 'client', label: `session.${callee.name}(${call.args[0]?.text ?? ''})` };
  }
  const origins = byOrigin(model);
  let known = origins.get(callee);
  if (!known) origins.set(callee, (known = [undefined, undefined]));
  const slot = call.isNew ? 1 : 0;
  let found = known[slot];
  if (found === undefined) known[slot] = found = constructs(callee, call.isNew) ?? null;
  return found ?? undefined;
}

/** What calling (or `new`) something of this origin constructs, whatever the arguments. */
function constructs(callee: Origin, isNew: boolean): Construction | undefined {
  if (callee.kind === 'module') {
    const { module, path } = callee;
    const last = path[path.length - 1];
    if (isNew && module.startsWith('@aws-sdk/client-') && path.length === 1 && isV3ClientName(last))
      return { kind: 'client', label: last };
    if (module === '@aws-sdk/lib-dynamodb' && path.join('.') === 'DynamoDBDocumentClient.from')
      return { kind: 'client', label: 'DynamoDBDocumentClient' };
    if (isNew && module === 'aws-sdk' && path.length >= 1 && !V2_NOT_CLIENTS.has(path[0]))
      return { kind: 'client', label: `AWS.${path.join('.')}` };
    if (isNew && module.startsWith('aws-sdk/clients/'))
      return { kind: 'client', label: `AWS ${module.slice('aws-sdk/clients/'.length)} client` };
  }
  const name = dottedName(callee);
  const label = name !== undefined ? CONNECTIONS[name] : undefined;
  return label ? { kind: 'connection', label } : undefined;
}

function isV3ClientName(name: string | undefined): boolean {
  if (!name || !/^[A-Z]/.test(name)) return false;
  return name.endsWith('Client') || !/(?:Command|Exception|Error|Paginator|Waiter)$/.test(name);
}

export type LambdaInvoke =
  /** `new InvokeCommand(params)`: params is the first argument. */
  | { style: 'v3-command'; params: CodeNode | undefined; stream: boolean }
  /** `lambda.invoke(params)` on a v2 `AWS.Lambda` or a v3 aggregated `Lambda` client. */
  | { style: 'v2-method'; params: CodeNode | undefined; stream: boolean }
  /** boto3 `client.invoke(FunctionName=..., ...)`: keyword arguments. */
  | { style: 'boto3'; stream: boolean };

/** When a call invokes a Lambda function: how, and where its parameters are. */
const INVOKE_MEMBERS = new Set(['invoke', 'invoke_with_response_stream', 'invokeWithResponseStream']);

export function lambdaInvokeOf(model: CodeModel, call: CallSite): LambdaInvoke | undefined {
  if (!call.isNew && !INVOKE_MEMBERS.has(calleeName(call) ?? '')) return undefined;
  const callee = calleeOrigin(model, call);
  if (call.isNew && callee.kind === 'module' && callee.module === '@aws-sdk/client-lambda') {
    const name = callee.path.join('.');
    if (name === 'InvokeCommand' || name === 'InvokeWithResponseStreamCommand')
      return { style: 'v3-command', params: call.args[0], stream: name !== 'InvokeCommand' };
    return undefined;
  }
  if (
    callee.kind !== 'member' ||
    !['invoke', 'invoke_with_response_stream', 'invokeWithResponseStream'].includes(callee.name)
  )
    return undefined;
  const stream = callee.name !== 'invoke';
  const client = callee.of;
  if (model.family === 'python') {
    if (client.kind === 'call' && isBoto3LambdaClient(model, client)) return { style: 'boto3', stream };
    return undefined;
  }
  if (client.kind === 'new' && client.of.kind === 'module') {
    const { module, path } = client.of;
    const name = path.join('.');
    if (
      (module === 'aws-sdk' && name === 'Lambda') ||
      (module === '@aws-sdk/client-lambda' && name === 'Lambda') ||
      module === 'aws-sdk/clients/lambda'
    )
      return { style: 'v2-method', params: call.args[0], stream };
  }
  return undefined;
}

/** `boto3.client('lambda')` or a session's `.client('lambda')`. */
function isBoto3LambdaClient(model: CodeModel, client: Origin & { kind: 'call' }): boolean {
  const args = client.node.field('arguments')?.items ?? [];
  const service = args[0]?.type === 'keyword_argument' ? keywordArgument(args, 'service_name') : args[0];
  if (stringValue(model, service) !== 'lambda') return false;
  const fn = client.of;
  if (dottedName(fn) === 'boto3.client') return true;
  return (
    fn.kind === 'member' &&
    fn.name === 'client' &&
    fn.of.kind === 'call' &&
    (dottedName(fn.of.of) ?? '').startsWith('boto3.')
  );
}

/** The value of a Python keyword argument (`name=value`) among a call's arguments. */
export function keywordArgument(args: readonly CodeNode[], name: string): CodeNode | undefined {
  for (const arg of args)
    if (arg.type === 'keyword_argument' && arg.field('name')?.text === name) return arg.field('value');
  return undefined;
}
