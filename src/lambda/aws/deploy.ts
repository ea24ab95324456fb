/**
 * Deploy a function's code in two steps, so that a person can confirm in between: `planDeploy` zips
 * the folder, checks it (size, handler) and compares it with what is deployed; `executeDeploy` uploads
 * exactly the bytes of the plan (UpdateFunctionCode, or CreateFunction for a new function) and waits
 * until Lambda has finished with them. A code deploy changes code only: a deployed function's
 * configuration (handler, memory, timeout, environment) stays as it is, and the plan says where the
 * template disagrees with it.
 */
import {
  CreateFunctionCommand,
  type FunctionConfiguration,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import type { AwsClients, ResolvedAwsTarget } from './clients';
import { type ActionContext, AwsActionError, describeTarget, toAwsActionError } from './errors';
import { type HandlerCheck, checkHandler } from './handler-check';
import { type CodeZip, type ZipLimits, buildCodeZip, formatBytes } from './zip';

export interface NewFunctionSettings {
  /** The execution role's ARN: required to create a function. */
  role?: string;
  memorySize?: number;
  timeout?: number;
  architectures?: string[];
  description?: string;
  environment?: Record<string, string>;
  ephemeralStorageMB?: number;
}

export interface DeployRequest {
  functionName: string;
  codeDir: string;
  /** The runtime and handler the template gives (a deployed function's own are what is checked). */
  runtime?: string;
  handler?: string;
  /** What a new function is created with. */
  create?: NewFunctionSettings;
  /** Shown in the plan (what reading the template found). */
  notes?: string[];
  zipLimits?: ZipLimits;
}

export interface DeployedCode {
  arn?: string;
  codeSha256?: string;
  codeSize?: number;
  runtime?: string;
  handler?: string;
  lastModified?: string;
  state?: string;
  lastUpdateStatus?: string;
  revisionId?: string;
}

export type DeployChange = 'create' | 'update' | 'unchanged';

export interface DeployPlan {
  functionName: string;
  target: ResolvedAwsTarget;
  change: DeployChange;
  zip: CodeZip;
  handlerCheck: HandlerCheck;
  /** The function as deployed now; undefined for a new one. */
  current?: DeployedCode;
  /** The settings of a new function (change === 'create'). */
  create?: NewFunctionSettings & { runtime: string; handler: string; role: string };
  notes: string[];
}

export interface DeployOptions {
  signal?: AbortSignal;
  /** Seconds to wait for Lambda to finish the update or creation. Default 300. */
  maxWaitSeconds?: number;
  onProgress?: (message: string) => void;
}

export interface DeployResult {
  action: 'created' | 'updated' | 'unchanged';
  functionName: string;
  functionArn?: string;
  codeSha256?: string;
  codeSize?: number;
  state?: string;
  lastUpdateStatus?: string;
  lastModified?: string;
  /** False when the service reports another CodeSha256 than the zip's (an emulator may hash otherwise). */
  codeSha256Matches: boolean;
  elapsedMs: number;
}

const DEFAULT_MAX_WAIT_SECONDS = 300;
/** Uploading 50 MB on a slow line takes minutes; a silent socket for two means it is gone. */
const UPLOAD_TIMEOUT_MS = 15 * 60_000;
const UPLOAD_SOCKET_TIMEOUT_MS = 2 * 60_000;
/** A role created moments ago takes a few seconds before Lambda can assume it. */
const ROLE_PROPAGATION_RETRIES = 4;
const ROLE_PROPAGATION_DELAY_MS = 3000;

function deployedCode(config: FunctionConfiguration | undefined): DeployedCode | undefined {
  if (!config) return undefined;
  return {
    arn: config.FunctionArn,
    codeSha256: config.CodeSha256,
    codeSize: config.CodeSize,
    runtime: config.Runtime,
    handler: config.Handler,
    lastModified: config.LastModified,
    state: config.State,
    lastUpdateStatus: config.LastUpdateStatus,
    revisionId: config.RevisionId,
  };
}

async function currentFunction(
  clients: AwsClients,
  context: ActionContext,
  signal: AbortSignal | undefined,
): Promise<FunctionConfiguration | undefined> {
  try {
    const out = await clients.lambda.send(new GetFunctionCommand({ FunctionName: context.functionName }), {
      abortSignal: signal,
    });
    return out.Configuration;
  } catch (error) {
    const mapped = toAwsActionError(error, { ...context, action: 'lambda:GetFunction' });
    if (mapped.code === 'ResourceNotFoundException') return undefined;
    throw mapped;
  }
}

/** Zips and checks the code, reads the deployed function, and says what a deploy would change. */
export async function planDeploy(
  clients: AwsClients,
  request: DeployRequest,
  options: { signal?: AbortSignal } = {},
): Promise<DeployPlan> {
  const context: ActionContext = {
    action: 'lambda:GetFunction',
    target: clients.target,
    functionName: request.functionName,
  };
  const zip = buildCodeZip(request.codeDir, request.zipLimits);
  const config = await currentFunction(clients, context, options.signal);
  const notes = [...(request.notes ?? [])];
  const base = { functionName: request.functionName, target: clients.target, zip, notes };

  if (config) {
    if (config.PackageType === 'Image') {
      throw new AwsActionError(
        `${request.functionName} in ${describeTarget(clients.target)} is a container image function; its code is not a zip.`,
        'Deploy it by pushing a new image, or choose another function name.',
        { code: 'PackageTypeImage' },
      );
    }
    const runtime = config.Runtime ?? request.runtime;
    const handler = config.Handler ?? request.handler;
    for (const [what, template, deployed] of [
      ['runtime', request.runtime, config.Runtime],
      ['handler', request.handler, config.Handler],
    ] as const) {
      if (template && deployed && template !== deployed)
        notes.push(
          `the template's ${what} is ${template}, the deployed function's is ${deployed}: a code deploy keeps ${deployed}`,
        );
    }
    const handlerCheck = checkHandler(zip.files, runtime, handler, request.codeDir);
    const change: DeployChange = config.CodeSha256 === zip.sha256 ? 'unchanged' : 'update';
    return { ...base, change, handlerCheck, current: deployedCode(config) };
  }

  const settings = request.create ?? {};
  const missing = [
    !request.runtime && 'Runtime',
    !request.handler && 'Handler',
    !settings.role && 'an execution role',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new AwsActionError(
      `${request.functionName} does not exist in ${describeTarget(clients.target)}; creating it needs ${missing.join(', ')}.`,
      !settings.role
        ? 'Pass the execution role: --role arn:aws:iam::<account>:role/<name> (or deploy to an existing function with --function-name).'
        : 'Set Runtime and Handler in the template.',
      { code: 'CreateNeedsSettings' },
    );
  }
  const handlerCheck = checkHandler(zip.files, request.runtime, request.handler, request.codeDir);
  notes.push(
    'this creates a new function outside any CloudFormation stack; if the template is deployed as a stack, deploy to its function with --function-name instead',
  );
  return {
    ...base,
    change: 'create',
    handlerCheck,
    create: {
      ...settings,
      runtime: request.runtime as string,
      handler: request.handler as string,
      role: settings.role as string,
    },
  };
}

/**
 * What the zip left out, for the confirmation: the usual build litter on one line as before, then each
 * reason worth saying (secrets, links out of the code folder, .ownlessignore) with its paths.
 */
function leftOutLines(zip: DeployPlan['zip']): string[] {
  const said = new Set(zip.leftOut.map((l) => l.path));
  const usual = zip.excluded.filter((p) => !said.has(p));
  const lines = usual.length ? [`  left out: ${usual.join(', ')}`] : [];
  const byReason = new Map<string, string[]>();
  for (const { path, reason } of zip.leftOut) byReason.set(reason, [...(byReason.get(reason) ?? []), path]);
  for (const [reason, paths] of byReason) lines.push(`  left out: ${paths.join(', ')}: ${reason}`);
  if (zip.leftOut.some((l) => l.reason.startsWith('secret')))
    lines.push('            (a secret the function needs goes back with a `!name` line in .ownlessignore)');
  return lines;
}

/** The plan in words, for a confirmation prompt or a log. */
export function describePlan(plan: DeployPlan): string {
  const { zip } = plan;
  const lines = [
    `Deploy ${plan.functionName} to ${describeTarget(plan.target)}`,
    `  code:     ${zip.codeDir}: ${zip.files.length} files, ${formatBytes(zip.unzippedSize)} unzipped, ${formatBytes(zip.size)} zipped`,
    `  sha256:   ${zip.sha256}`,
  ];
  lines.push(...leftOutLines(zip));
  if (zip.skipped.length) lines.push(`  unreadable, skipped: ${zip.skipped.join(', ')}`);
  lines.push(
    plan.handlerCheck.checked
      ? `  handler:  ${plan.handlerCheck.file} found`
      : `  handler:  not checked (${plan.handlerCheck.reason})`,
  );
  if (plan.change === 'unchanged') {
    lines.push('  change:   none: the code is unchanged (same sha256 as the deployed code)');
  } else if (plan.change === 'update') {
    const current = plan.current;
    lines.push(
      `  change:   replaces the code deployed ${current?.lastModified ?? ''} (${current?.codeSha256 ?? 'unknown'}, ${formatBytes(current?.codeSize ?? 0)})`,
    );
  } else if (plan.create) {
    const c = plan.create;
    lines.push(
      `  change:   creates a new function: ${c.runtime}, handler ${c.handler}, ${c.memorySize ?? 128} MB, timeout ${c.timeout ?? 3} s`,
      `  role:     ${c.role}`,
    );
    const env = Object.keys(c.environment ?? {});
    if (env.length) lines.push(`  env:      ${env.join(', ')}`);
  }
  for (const note of plan.notes) lines.push(`  note:     ${note}`);
  return `${lines.join('\n')}\n`;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

async function create(clients: AwsClients, plan: DeployPlan, context: ActionContext, signal?: AbortSignal) {
  const c = plan.create as NonNullable<DeployPlan['create']>;
  const client = clients.lambdaClient({
    requestTimeoutMs: UPLOAD_TIMEOUT_MS,
    socketTimeoutMs: UPLOAD_SOCKET_TIMEOUT_MS,
  });
  const command = new CreateFunctionCommand({
    FunctionName: plan.functionName,
    Runtime: c.runtime as FunctionConfiguration['Runtime'],
    Handler: c.handler,
    Role: c.role,
    Code: { ZipFile: plan.zip.bytes },
    PackageType: 'Zip',
    MemorySize: c.memorySize,
    Timeout: c.timeout,
    Architectures: c.architectures as FunctionConfiguration['Architectures'],
    Description: c.description || undefined,
    Environment:
      c.environment && Object.keys(c.environment).length ? { Variables: c.environment } : undefined,
    EphemeralStorage: c.ephemeralStorageMB ? { Size: c.ephemeralStorageMB } : undefined,
  });
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.send(command, { abortSignal: signal });
    } catch (error) {
      const mapped = toAwsActionError(error, context);
      const roleNotReady = mapped.code === 'InvalidParameterValueException' && /assume/.test(mapped.message);
      if (!roleNotReady || attempt >= ROLE_PROPAGATION_RETRIES) throw mapped;
      await sleep(ROLE_PROPAGATION_DELAY_MS, signal);
    }
  }
}

/** Waits with the SDK's waiter, then reads the configuration to say how the update ended. */
async function waitUntilDone(
  clients: AwsClients,
  plan: DeployPlan,
  context: ActionContext,
  options: DeployOptions,
): Promise<FunctionConfiguration> {
  const maxWaitTime = Math.max(2, options.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS);
  const waiter = plan.change === 'create' ? waitUntilFunctionActiveV2 : waitUntilFunctionUpdatedV2;
  let waitError: unknown;
  try {
    await waiter(
      { client: clients.lambda, maxWaitTime, minDelay: 1, maxDelay: 5, abortSignal: options.signal },
      { FunctionName: plan.functionName },
    );
  } catch (error) {
    waitError = error;
  }
  if (options.signal?.aborted) {
    throw new AwsActionError(
      `Stopped waiting for ${plan.functionName}: the ${plan.change === 'create' ? 'creation' : 'update'} goes on in AWS.`,
      'Check the function in a moment (its State and LastUpdateStatus).',
      { code: 'Cancelled', action: context.action },
    );
  }
  let config: FunctionConfiguration;
  try {
    config = await clients.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: plan.functionName }),
    );
  } catch (error) {
    throw toAwsActionError(error, { ...context, action: 'lambda:GetFunctionConfiguration' });
  }
  if (config.State === 'Failed' || config.LastUpdateStatus === 'Failed') {
    const reason = config.LastUpdateStatusReason ?? config.StateReason ?? 'no reason given';
    throw new AwsActionError(
      `Lambda could not finish the ${plan.change === 'create' ? 'creation' : 'update'} of ${plan.functionName}: ${reason}`,
      'Fix what the reason names, then deploy again.',
      {
        code: config.LastUpdateStatusReasonCode ?? config.StateReasonCode ?? 'UpdateFailed',
        action: context.action,
      },
    );
  }
  if (waitError && (config.State === 'Pending' || config.LastUpdateStatus === 'InProgress')) {
    throw new AwsActionError(
      `${plan.functionName} was still being updated after ${maxWaitTime} s.`,
      'Check the function in a moment (its State and LastUpdateStatus).',
      { code: 'WaitTimedOut', action: context.action },
    );
  }
  return config;
}

/** Uploads the plan's zip and waits until Lambda reports the function Active and the update Successful. */
export async function executeDeploy(
  clients: AwsClients,
  plan: DeployPlan,
  options: DeployOptions = {},
): Promise<DeployResult> {
  const started = Date.now();
  const result = (action: DeployResult['action'], config: DeployedCode | undefined): DeployResult => ({
    action,
    functionName: plan.functionName,
    functionArn: config?.arn,
    codeSha256: config?.codeSha256,
    codeSize: config?.codeSize,
    state: config?.state,
    lastUpdateStatus: config?.lastUpdateStatus,
    lastModified: config?.lastModified,
    codeSha256Matches: config?.codeSha256 === plan.zip.sha256,
    elapsedMs: Date.now() - started,
  });
  if (plan.change === 'unchanged') return result('unchanged', plan.current);

  const action = plan.change === 'create' ? 'lambda:CreateFunction' : 'lambda:UpdateFunctionCode';
  const context: ActionContext = { action, target: clients.target, functionName: plan.functionName };
  options.onProgress?.(
    `${plan.change === 'create' ? 'Creating' : 'Updating'} ${plan.functionName} (uploading ${formatBytes(plan.zip.size)})…`,
  );
  if (plan.change === 'create') {
    await create(clients, plan, context, options.signal);
  } else {
    const client = clients.lambdaClient({
      requestTimeoutMs: UPLOAD_TIMEOUT_MS,
      socketTimeoutMs: UPLOAD_SOCKET_TIMEOUT_MS,
    });
    try {
      await client.send(
        new UpdateFunctionCodeCommand({
          FunctionName: plan.functionName,
          ZipFile: plan.zip.bytes,
          // Refused (PreconditionFailed) if the function changed since the plan was made.
          RevisionId: plan.current?.revisionId,
        }),
        { abortSignal: options.signal },
      );
    } catch (error) {
      throw toAwsActionError(error, context);
    }
  }
  options.onProgress?.(`Waiting until Lambda has finished with ${plan.functionName}…`);
  const config = await waitUntilDone(clients, plan, context, options);
  return result(plan.change === 'create' ? 'created' : 'updated', deployedCode(config));
}
