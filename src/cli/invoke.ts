/**
 * `ownless invoke <function>`: runs a function once, on AWS (or LocalStack/moto with --endpoint-url)
 * or with --local in the Docker-free local runtime. The response goes to stdout, alone, so it can be
 * piped; logs, the REPORT summary and progress go to stderr. Exit 1 when the function failed.
 */
import { resolve as resolvePath } from 'node:path';
import { readTextFile, unreadableReason } from '../core';
import { parseArgs } from 'node:util';
import { LambdaApiError, LocalRuntime } from '../lambda/local';
import {
  AwsActionError,
  type AwsClients,
  describeTarget,
  formatReport,
  invokeFunction,
  parseReportLine,
} from '../lambda/aws';
import {
  type AwsCommandIo,
  EXIT_ERROR,
  EXIT_FUNCTION_ERROR,
  EXIT_OK,
  interruptible,
  isParseArgsError,
  oneFunction,
  reportAwsError,
  templatesFor,
  withAwsClients,
} from './aws-common';

export const INVOKE_USAGE = `Usage: ownless invoke <function> [options]

Invokes a function once and prints its response on stdout; its logs and the REPORT summary go to
stderr. Exit code 1 when the function returns an error, 2 when it could not be invoked.

  <function>             on AWS: the function's name or ARN; with --local: its logical id or FunctionName
  --event <file>         the event, a JSON file (default: {})
  --local                run it on this machine, without Docker, from the templates
  --template <path>      the template (with --local; repeatable; default: templates found in .)
  --profile <name>       the AWS profile (default: AWS_PROFILE or the default credential chain)
  --region <region>      the region (default: the profile's, AWS_REGION or AWS_DEFAULT_REGION)
  --endpoint-url <url>   another Lambda endpoint: LocalStack, moto, \`ownless serve\`
  --qualifier <q>        a version or alias (AWS only)
  -h, --help             show this help

On AWS the command waits as long as the function's own timeout allows (up to 15 minutes); Ctrl+C
stops waiting, though the invocation may go on running in AWS.
`;

const PROGRESS_MARKS_S = [10, 30, 60];
/** Lambda's synchronous invocation payload limit (6 MB). */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;

function readEvent(io: AwsCommandIo, path: string | undefined): string | undefined {
  if (path === undefined) return '{}';
  const full = resolvePath(io.cwd, path);
  // Regular files only, bounded while reading: no event is larger than Lambda's 6 MB payload limit.
  const read = readTextFile(full, MAX_EVENT_BYTES);
  if (!('text' in read)) {
    const why = unreadableReason(read, "Lambda's 6 MB payload limit");
    io.err(`ownless invoke: cannot read the event ${full}: ${why}\n`);
    return undefined;
  }
  const { text } = read;
  try {
    JSON.parse(text);
  } catch (error) {
    io.err(`ownless invoke: the event ${full} is not JSON: ${(error as Error).message}\n`);
    return undefined;
  }
  return text;
}

const withNewline = (s: string): string => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

async function invokeLocally(
  io: AwsCommandIo,
  name: string,
  payload: string,
  templates: string[],
  region: string | undefined,
): Promise<number> {
  const runtime = await LocalRuntime.start({ templates, region });
  const stop = interruptible(io);
  try {
    const fn = runtime.functions().find((f) => f.names.includes(name));
    if (!fn) {
      const names = runtime.functions().map((f) => f.names.join(' / '));
      io.err(
        `ownless invoke: no function ${name} in the templates${names.length ? `; there are: ${names.join(', ')}` : ''}\n`,
      );
      return EXIT_ERROR;
    }
    for (const warning of runtime.warnings.filter((w) => w.includes(`: ${fn.logicalId}: `)))
      io.err(`ownless: ${warning}\n`);
    if (fn.unsupported) {
      io.err(`ownless invoke: ${fn.name} cannot run locally: ${fn.unsupported}\n`);
      return EXIT_ERROR;
    }
    const result = await runtime.invoke(fn.name, payload, { signal: stop.signal });
    io.out(withNewline(result.payload));
    io.err(withNewline(result.logs));
    const report = parseReportLine(result.logs);
    io.err(`ownless: ${fn.name} ran locally${report ? `: ${formatReport(report)}` : ''}\n`);
    if (result.functionError) {
      io.err(
        `ownless: ${fn.name} failed (${result.functionError}${result.errorType ? `: ${result.errorType}` : ''})\n`,
      );
      return EXIT_FUNCTION_ERROR;
    }
    return EXIT_OK;
  } catch (error) {
    if (stop.signal.aborted) {
      io.err('ownless invoke: cancelled\n');
      return EXIT_ERROR;
    }
    if (error instanceof LambdaApiError) {
      io.err(`ownless invoke: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  } finally {
    stop.dispose();
    await runtime.stop();
  }
}

async function invokeOnAws(
  io: AwsCommandIo,
  clients: AwsClients,
  name: string,
  payload: string,
  qualifier: string | undefined,
): Promise<number> {
  const stop = interruptible(io);
  const marks = [...PROGRESS_MARKS_S];
  try {
    const result = await invokeFunction(clients, name, {
      payload,
      qualifier,
      signal: stop.signal,
      onProgress: ({ elapsedMs, timeoutSeconds }) => {
        const seconds = Math.floor(elapsedMs / 1000);
        if (seconds < (marks[0] ?? Infinity)) return;
        marks.shift();
        if (marks.length === 0) marks.push(seconds + 60);
        io.err(`ownless: ${name} still running after ${seconds} s (its timeout is ${timeoutSeconds} s)\n`);
      },
    });
    io.out(withNewline(result.payload));
    if (result.logTail) {
      if (result.logTailTruncated) io.err('[… the log tail is the last 4 KB]\n');
      io.err(withNewline(result.logTail));
    }
    const version = result.executedVersion ? ` (${result.executedVersion})` : '';
    const summary = result.report ? formatReport(result.report) : `${result.elapsedMs} ms round trip`;
    io.err(`ownless: ${name}${version} in ${describeTarget(clients.target)}: ${summary}\n`);
    if (result.functionError) {
      const detail = [result.error?.type, result.error?.message].filter(Boolean).join(': ');
      io.err(`ownless: ${name} failed (${result.functionError})${detail ? `: ${detail}` : ''}\n`);
      return EXIT_FUNCTION_ERROR;
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof AwsActionError) return reportAwsError(io, 'invoke', error);
    throw error;
  } finally {
    stop.dispose();
  }
}

export async function invokeCommand(args: string[], io: AwsCommandIo): Promise<number> {
  let values: {
    event?: string;
    local?: boolean;
    template?: string[];
    profile?: string;
    region?: string;
    'endpoint-url'?: string;
    qualifier?: string;
    help?: boolean;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        event: { type: 'string' },
        local: { type: 'boolean', default: false },
        template: { type: 'string', multiple: true },
        profile: { type: 'string' },
        region: { type: 'string' },
        'endpoint-url': { type: 'string' },
        qualifier: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    io.err(`ownless invoke: ${(error as Error).message}\n`);
    return EXIT_ERROR;
  }
  const named = oneFunction(io, 'invoke', INVOKE_USAGE, values.help, positionals);
  if ('exit' in named) return named.exit;
  const { name } = named;
  const awsOnly = (['profile', 'endpoint-url', 'qualifier'] as const).filter(
    (flag) => values[flag] !== undefined,
  );
  if (values.local && awsOnly.length > 0) {
    io.err(`ownless invoke: --local runs on this machine; --${awsOnly.join(', --')} only apply on AWS\n`);
    return EXIT_ERROR;
  }
  if (!values.local && values.template) {
    io.err('ownless invoke: --template applies with --local (on AWS the function is found by name)\n');
    return EXIT_ERROR;
  }
  const payload = readEvent(io, values.event);
  if (payload === undefined) return EXIT_ERROR;

  if (values.local) {
    const templates = templatesFor(io, 'invoke', values.template);
    if (!templates) return EXIT_ERROR;
    return invokeLocally(io, name, payload, templates, values.region);
  }
  return withAwsClients(io, 'invoke', values, (clients) =>
    invokeOnAws(io, clients, name, payload, values.qualifier),
  );
}
