/**
 * The `ownless` command line. Exit codes: 0 when nothing is at error severity, 1 when something is
 * (or there are more warnings than --max-warnings), 2 for usage, configuration or I/O errors.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../core/config/load';
import { PROFILES, type Profile } from '../core/rules/types';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { runLint } from './lint';
import { serveCommand } from './serve';
import { invokeCommand } from './invoke';
import { deployCommand } from './deploy';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from '../server/server';

declare const OWNLESS_VERSION: string;
const VERSION = typeof OWNLESS_VERSION === 'string' ? OWNLESS_VERSION : '0.0.0-dev';

const USAGE = `Usage: ownless <command> [options]

Commands:
  lint [paths...]      Check SAM/CloudFormation templates, and the handler code they link to, against the
                       Serverless Compute Manifesto. Folders are searched for templates (node_modules,
                       .aws-sam, cdk.out, .git skipped); code files (.js .mjs .cjs .ts .py) may be named too.

  serve [paths...]     Run the templates' functions locally, without Docker, behind the Lambda API
                       on 127.0.0.1 (see \`ownless serve --help\`).
  invoke <function>    Invoke a function on AWS, or locally with --local (see \`ownless invoke --help\`).
  deploy <function>    Zip a function's code and update it on AWS, after a confirmation
                       (see \`ownless deploy --help\`).
  lsp --stdio          Run the language server over stdio, for any LSP editor (see the README for Neovim).

Options for lint:
  --format <f>         text (default), json or sarif
  --profile <p>        recommended (default), strict or relaxed
  --config <file>      use this ownless.yaml instead of the nearest one above each template
  --fix                apply safe fixes and rewrite the files
  --max-warnings <n>   exit 1 when there are more than n warnings
  -h, --help           show this help
  -v, --version        print the version
`;

class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

async function lintCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      profile: { type: 'string' },
      config: { type: 'string' },
      fix: { type: 'boolean', default: false },
      'max-warnings': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format))
    throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  if (values.profile !== undefined && !PROFILES.includes(values.profile as Profile)) {
    throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}, not '${values.profile}'`);
  }
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0)
      throw new UsageError('--max-warnings must be a whole number of 0 or more');
  }
  const run = await runLint({
    paths: positionals,
    profile: values.profile as Profile | undefined,
    config: values.config,
    fix: values.fix ?? false,
    cwd: io.cwd,
  });
  for (const path of run.unreadable) io.err(`ownless: cannot read ${path}\n`);
  if (run.codeError) io.err(`ownless: cannot analyse handler code: ${run.codeError}\n`);
  for (const { path, reason } of run.skipped) io.err(`ownless: ${path} not analysed: ${reason}\n`);
  for (const path of run.notTemplates) {
    io.err(
      `ownless: ${path} is not a CloudFormation or SAM template (no AWSTemplateFormatVersion, SAM transform or AWS:: resources)\n`,
    );
  }
  if (run.reports.length === 0 && run.notTemplates.length === 0 && run.unreadable.length === 0) {
    io.err(
      `ownless: no CloudFormation or SAM templates found in ${positionals.length ? positionals.join(', ') : '.'}\n`,
    );
  }
  if (format === 'json') io.out(formatJson(run.reports));
  else if (format === 'sarif') io.out(formatSarif(run.reports, VERSION, io.cwd));
  else {
    io.out(formatText(run.reports));
    for (const file of run.fixedFiles) io.err(`ownless: fixed ${file}\n`);
  }
  if (run.unreadable.length || run.codeError) return 2;
  const findings = run.reports.flatMap((r) => r.findings);
  const errors =
    findings.filter((f) => f.severity === 'error').length +
    run.reports.reduce((n, r) => n + r.parseErrors.length, 0);
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (errors > 0) return 1;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    if (format === 'text') io.err(`ownless: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** `ownless lsp --stdio`: the same server the VS Code extension runs, on stdin/stdout. */
function lspCommand(args: string[]): number {
  const transports = ['--stdio', '--node-ipc'];
  if (!args.some((a) => transports.includes(a) || a.startsWith('--socket=') || a.startsWith('--pipe=')))
    throw new UsageError('lsp needs a transport: --stdio (or --node-ipc, --socket=<port>, --pipe=<name>)');
  // vscode-languageserver reads the transport from process.argv itself.
  startServer(createConnection(ProposedFeatures.all));
  return 0;
}

/** Usage and configuration errors print a message and exit 2; anything else is a bug and is thrown. */
function handleError(e: unknown, io: Io): number {
  if (
    e instanceof UsageError ||
    e instanceof ConfigError ||
    (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    io.err(
      `ownless: ${(e as Error).message}\n${e instanceof UsageError || !(e instanceof ConfigError) ? 'Run `ownless --help` for usage.\n' : ''}`,
    );
    return 2;
  }
  throw e;
}

/**
 * Runs the CLI with arguments (without `node` and the script); returns the exit code, or a promise
 * of it for long-running commands (`serve`).
 */
export function main(argv: string[], io: Io): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (command === 'lint') return lintCommand(rest, io).catch((e) => handleError(e, io));
    if (command === 'lsp') return lspCommand(rest);
    if (command === 'serve') return serveCommand(rest, io).catch((e) => handleError(e, io));
    if (command === 'invoke') return invokeCommand(rest, io).catch((e) => handleError(e, io));
    if (command === 'deploy') return deployCommand(rest, io).catch((e) => handleError(e, io));
    throw new UsageError(`unknown command '${command}'`);
  } catch (e) {
    return handleError(e, io);
  }
}

if (require.main === module) {
  void Promise.resolve(
    main(process.argv.slice(2), {
      out: (s) => process.stdout.write(s),
      err: (s) => process.stderr.write(s),
      cwd: process.cwd(),
    }),
  ).then((code) => {
    process.exitCode = code;
  });
}
