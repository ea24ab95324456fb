/**
 * The `ownless` command line. Exit codes: 0 when nothing is at error severity, 1 when something is
 * (or there are more warnings than --max-warnings), 2 for usage, configuration or I/O errors.
 *
 * This module only dispatches: each command's code loads when that command runs. In the bundle
 * (dist/cli.js) each command is a file of its own beside it (scripts/build.mjs), so `--version`
 * compiles a few kilobytes instead of 2 MB, and `lint` compiles the core without the AWS SDK, the local
 * runtime or the language server.
 */
import { setFlagsFromString } from 'node:v8';
import { loadBundle, saveCodeCaches } from './bundles';
import { type Io, USAGE, UsageError, handleError } from './usage';

declare const OWNLESS_VERSION: string;
const VERSION = typeof OWNLESS_VERSION === 'string' ? OWNLESS_VERSION : '0.0.0-dev';

/**
 * Defined (as true) by scripts/build.mjs for dist/cli.js. Each command below tests it inline, so that
 * esbuild drops the source branch's `import()` from the bundle instead of inlining the command.
 */
declare const OWNLESS_BUNDLED: boolean;

type Command = (args: string[], io: Io) => Promise<number>;

/**
 * V8 optimises a WebAssembly function (tree-sitter's parser and grammars) on a background thread once
 * it has run for its tiering budget (roughly 1.8 MB of its code executed), and the process cannot exit
 * before those compilations end: a lint of the example app's three handlers waited 60-100 ms at exit
 * for optimised code it never ran. With a budget 100 times larger, a lint of a project's handlers
 * (thousands of lines) stays on the baseline code, and a long one still tiers up. Only for `lint`: the
 * language server lives long enough to use the optimised code. V8 reads the flag when tree-sitter
 * instantiates its modules, which happens after this is set.
 */
const LINT_WASM_TIERING_BUDGET = '--wasm-tiering-budget=180000000';

/** The commands, each loading its module (bundled: its file beside dist/cli.js) when it runs. */
const COMMANDS: Record<string, Command> = {
  lint: async (args, io) => {
    setFlagsFromString(LINT_WASM_TIERING_BUDGET);
    return (
      typeof OWNLESS_BUNDLED !== 'undefined'
        ? loadBundle<typeof import('./lint-command')>('cli-lint.js')
        : await import('./lint-command')
    ).lintCommand(args, io);
  },
  serve: async (args, io) =>
    (typeof OWNLESS_BUNDLED !== 'undefined'
      ? loadBundle<typeof import('./serve')>('cli-serve.js')
      : await import('./serve')
    ).serveCommand(args, io),
  invoke: async (args, io) =>
    (typeof OWNLESS_BUNDLED !== 'undefined'
      ? loadBundle<typeof import('./invoke')>('cli-invoke.js')
      : await import('./invoke')
    ).invokeCommand(args, io),
  deploy: async (args, io) =>
    (typeof OWNLESS_BUNDLED !== 'undefined'
      ? loadBundle<typeof import('./deploy')>('cli-deploy.js')
      : await import('./deploy')
    ).deployCommand(args, io),
  lsp: lspCommand,
};

/**
 * `ownless lsp --stdio`: the same server the VS Code extension runs, on stdin/stdout. Its module is the
 * server's entry (src/server/main.ts, bundled as dist/server.js for the extension), which starts the
 * server when it loads; vscode-languageserver reads the transport from process.argv itself.
 */
async function lspCommand(args: string[]): Promise<number> {
  const transports = ['--stdio', '--node-ipc'];
  if (!args.some((a) => transports.includes(a) || a.startsWith('--socket=') || a.startsWith('--pipe=')))
    throw new UsageError('lsp needs a transport: --stdio (or --node-ipc, --socket=<port>, --pipe=<name>)');
  if (typeof OWNLESS_BUNDLED !== 'undefined') loadBundle('server.js');
  else await import('../server/main');
  return 0;
}

/**
 * Runs the CLI with arguments (without `node` and the script); returns the exit code, or a promise
 * of it for the commands, which load their code first.
 */
export function main(argv: string[], io: Io): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) return handleError(new UsageError(`unknown command '${command}'`), io);
  return run(rest, io).then(
    (code) => {
      // The code cache is worth keeping after real work: not after help, nor usage or I/O errors.
      if (code !== 2 && !rest.includes('--help') && !rest.includes('-h')) saveCodeCaches();
      return code;
    },
    (e) => handleError(e, io),
  );
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
