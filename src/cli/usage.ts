/**
 * What every command of the `ownless` CLI shares, kept small and free of the core: the usage text,
 * the I/O the commands write to, and how a usage error becomes exit code 2. The entry bundle
 * (dist/cli.js, src/cli/main.ts) and each command's own bundle include it, so `--version` and
 * `--help` load nothing else.
 */

export const USAGE = `Usage: ownless <command> [options]

Commands:
  lint [paths...]      Check SAM/CloudFormation templates, and the handler code they link to, against the
                       Serverless Compute Manifesto. Folders are searched for templates and Terraform
                       folders (*.tf; node_modules, .aws-sam, cdk.out, .terraform, .git skipped); code
                       files (.js .mjs .cjs .ts .py) may be named too.

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
  --fix                apply safe fixes and rewrite the files, only inside the project: the paths
                       given (a file's folder) and the folder of the ownless.yaml their templates use;
                       a file linked from outside is reported, never rewritten. Each file is replaced
                       whole (written beside it, then renamed), keeps its line endings, and is left
                       alone if it is not valid UTF-8
  --max-warnings <n>   exit 1 when there are more than n warnings
  -h, --help           show this help
  -v, --version        print the version
`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

export class UsageError extends Error {}

/**
 * Usage errors (and, when `isConfigError` says so, configuration errors) print a message and return
 * exit code 2; anything else is a bug and is thrown. Each bundle checks the error classes of its own
 * copy of the modules (a class from another bundle is a different class), so a command's bundle
 * handles the errors it throws itself.
 */
export function handleError(
  e: unknown,
  io: Io,
  isConfigError: (e: unknown) => boolean = () => false,
): number {
  const config = isConfigError(e);
  if (e instanceof UsageError || config || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.err(`ownless: ${(e as Error).message}\n${config ? '' : 'Run `ownless --help` for usage.\n'}`);
    return 2;
  }
  throw e;
}
