/** What `ownless invoke` and `ownless deploy` share: their I/O, templates, Ctrl+C and error printing. */
import { discover } from '../core';
import { resolve as resolvePath } from 'node:path';
import { AwsActionError, type AwsClients, createAwsClients } from '../lambda/aws';

export interface AwsCommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  /** Cancels like Ctrl+C does (for callers that run a command in-process). */
  signal?: AbortSignal;
  /** Asks a yes/no question; default: a prompt on the terminal, when there is one. */
  confirm?: (question: string) => Promise<boolean>;
  /** Whether a person can answer a prompt; default: stdin and stderr are terminals. */
  interactive?: boolean;
}

/** Exit codes, as for `ownless lint`: 2 is a usage, configuration, I/O or AWS error. */
export const EXIT_OK = 0;
export const EXIT_FUNCTION_ERROR = 1;
export const EXIT_ERROR = 2;

/** Prints an AwsActionError as `ownless <command>: message` and its next step; returns EXIT_ERROR. */
export function reportAwsError(io: AwsCommandIo, command: string, error: AwsActionError): number {
  io.err(`ownless ${command}: ${error.message}\n`);
  if (error.nextStep) io.err(`  Next: ${error.nextStep}\n`);
  return EXIT_ERROR;
}

/** The templates named with --template (relative to cwd), else those found under cwd. */
export function templatesFor(
  io: AwsCommandIo,
  command: string,
  given: string[] | undefined,
): string[] | undefined {
  const { files, missing } = discover(given?.length ? given.map((p) => resolvePath(io.cwd, p)) : [io.cwd]);
  for (const path of missing) io.err(`ownless ${command}: cannot read ${path}\n`);
  if (missing.length > 0) return undefined;
  if (files.length === 0) {
    io.err(`ownless ${command}: no template found in ${io.cwd} (pass --template)\n`);
    return undefined;
  }
  return files;
}

/**
 * An AbortSignal that fires on Ctrl+C or when the caller's signal aborts; `dispose` removes the
 * SIGINT handler, so Ctrl+C outside the command behaves as before.
 */
export function interruptible(io: AwsCommandIo): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort(new Error('interrupted'));
  process.on('SIGINT', onInterrupt);
  const forward = (): void => controller.abort(io.signal?.reason);
  if (io.signal?.aborted) forward();
  else io.signal?.addEventListener('abort', forward, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onInterrupt);
      io.signal?.removeEventListener('abort', forward);
    },
  };
}

/** Options parsed by node:util parseArgs: their errors are usage errors. */
export function isParseArgsError(error: unknown): boolean {
  return String((error as { code?: string }).code ?? '').startsWith('ERR_PARSE_ARGS');
}

/**
 * Runs `run` with clients for --profile, --region and --endpoint-url, destroyed afterwards; a target
 * that cannot be made (no region, a bad URL) is reported as an AWS error.
 */
export async function withAwsClients(
  io: AwsCommandIo,
  command: string,
  values: { profile?: string; region?: string; 'endpoint-url'?: string },
  run: (clients: AwsClients) => Promise<number>,
): Promise<number> {
  let clients: AwsClients;
  try {
    clients = createAwsClients({
      profile: values.profile,
      region: values.region,
      endpointUrl: values['endpoint-url'],
    });
  } catch (error) {
    if (error instanceof AwsActionError) return reportAwsError(io, command, error);
    throw error;
  }
  try {
    return await run(clients);
  } finally {
    clients.destroy();
  }
}

/**
 * The one function a command names; or, when the command has answered already (--help printed the
 * usage, or not exactly one function was named), the exit code.
 */
export function oneFunction(
  io: AwsCommandIo,
  command: string,
  usage: string,
  help: boolean | undefined,
  positionals: string[],
): { name: string } | { exit: number } {
  if (help) {
    io.out(usage);
    return { exit: EXIT_OK };
  }
  if (positionals.length !== 1) {
    io.err(
      `ownless ${command}: name one function (${positionals.length === 0 ? 'none' : 'several'} given)\n`,
    );
    return { exit: EXIT_ERROR };
  }
  return { name: positionals[0] };
}
