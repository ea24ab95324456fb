/**
 * ListFunctions, every page: Lambda returns at most 50 functions a page, and an account can have
 * thousands, so the listing stops at a cap (and says it did) and can be cancelled between pages.
 */
import { type FunctionConfiguration, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import type { AwsClients } from './clients';
import { toAwsActionError } from './errors';

export interface DeployedFunction {
  name: string;
  arn: string;
  runtime?: string;
  handler?: string;
  /** ISO 8601, as Lambda reports it. */
  lastModified?: string;
  memorySize?: number;
  /** Seconds. */
  timeout?: number;
  codeSize?: number;
  codeSha256?: string;
  packageType?: string;
  description?: string;
}

export interface ListFunctionsOptions {
  /** Stop after this many functions. Default 1000. */
  maxFunctions?: number;
  /** Functions per request (Lambda's MaxItems, 1–50). Default 50. */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface FunctionListing {
  functions: DeployedFunction[];
  /** True when the cap stopped the listing before the last page. */
  truncated: boolean;
  pages: number;
}

export const DEFAULT_MAX_FUNCTIONS = 1000;

export function toDeployedFunction(config: FunctionConfiguration): DeployedFunction {
  return {
    name: config.FunctionName ?? '',
    arn: config.FunctionArn ?? '',
    runtime: config.Runtime,
    handler: config.Handler,
    lastModified: config.LastModified,
    memorySize: config.MemorySize,
    timeout: config.Timeout,
    codeSize: config.CodeSize,
    codeSha256: config.CodeSha256,
    packageType: config.PackageType,
    description: config.Description,
  };
}

export async function listFunctions(
  clients: AwsClients,
  options: ListFunctionsOptions = {},
): Promise<FunctionListing> {
  const max = Math.max(1, options.maxFunctions ?? DEFAULT_MAX_FUNCTIONS);
  const pageSize = Math.max(1, Math.min(50, options.pageSize ?? 50));
  const functions: DeployedFunction[] = [];
  let marker: string | undefined;
  let pages = 0;
  try {
    do {
      options.signal?.throwIfAborted();
      const page = await clients.lambda.send(
        new ListFunctionsCommand({ Marker: marker, MaxItems: Math.min(pageSize, max - functions.length) }),
        { abortSignal: options.signal },
      );
      pages += 1;
      for (const config of page.Functions ?? []) functions.push(toDeployedFunction(config));
      marker = page.NextMarker || undefined;
    } while (marker && functions.length < max);
  } catch (error) {
    throw toAwsActionError(error, { action: 'lambda:ListFunctions', target: clients.target });
  }
  // A service that ignores MaxItems (some emulators) can hand back more than asked for.
  const truncated = functions.length > max || (marker !== undefined && functions.length >= max);
  return { functions: functions.slice(0, max), truncated, pages };
}
