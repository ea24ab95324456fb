/**
 * `ownless deploy <function>`: zips the code folder of a template's function, shows the plan, asks
 * for confirmation (on a terminal, unless --yes), then updates or creates the function and waits
 * until Lambda has finished. The plan and the result go to stdout; progress goes to stderr.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import {
  AwsActionError,
  type AwsClients,
  type DeployRequest,
  type TemplateFunction,
  describePlan,
  describeTarget,
  executeDeploy,
  findTemplateFunction,
  planDeploy,
} from '../lambda/aws';
import {
  type AwsCommandIo,
  EXIT_ERROR,
  EXIT_OK,
  interruptible,
  isParseArgsError,
  oneFunction,
  reportAwsError,
  templatesFor,
  withAwsClients,
} from './aws-common';

export const DEPLOY_USAGE = `Usage: ownless deploy <function> [options]

Deploys the code of a template's function: zips its CodeUri folder (the same files give the same
zip), checks the handler is in it, shows the plan, asks before it changes anything, then updates the
function's code (or creates the function) and waits until Lambda has finished. Only code changes: a
deployed function's configuration stays as it is.

  <function>             the function's logical id (or its FunctionName) in the template
  --template <path>      the template (repeatable; default: templates found in .)
  --function-name <n>    the deployed function's name (default: FunctionName when literal, else the logical id)
  --role <arn>           the execution role, to create a function that does not exist yet
  --profile <name>       the AWS profile (default: AWS_PROFILE or the default credential chain)
  --region <region>      the region (default: the profile's, AWS_REGION or AWS_DEFAULT_REGION)
  --endpoint-url <url>   another Lambda endpoint: LocalStack, moto
  -y, --yes              deploy without asking (needed when stdin is not a terminal)
  -h, --help             show this help
`;

interface DeployValues {
  template?: string[];
  'function-name'?: string;
  role?: string;
  profile?: string;
  region?: string;
  'endpoint-url'?: string;
  yes?: boolean;
  help?: boolean;
}

async function askOnTerminal(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  // On a terminal readline takes Ctrl+C itself: without this the question would wait forever.
  const interrupted = new AbortController();
  prompt.on('SIGINT', () => interrupted.abort());
  try {
    return /^y(es)?$/i.test((await prompt.question(question, { signal: interrupted.signal })).trim());
  } catch {
    return false;
  } finally {
    prompt.close();
  }
}

/** The deployed name: --function-name, else a literal FunctionName, else the logical id. */
function deployedName(
  fn: TemplateFunction,
  given: string | undefined,
  notes: string[],
): string | AwsActionError {
  if (given) {
    if (fn.literalName && fn.literalName !== given)
      notes.push(`the template names it ${fn.literalName}; deploying to ${given} as --function-name asks`);
    return given;
  }
  if (fn.literalName) return fn.literalName;
  if (fn.nameNotLiteral) {
    // The logical id would name another function than the one the stack deployed.
    return new AwsActionError(
      `The deployed name of ${fn.logicalId} is not known here: ${fn.nameNotLiteral}.`,
      'Pass the deployed name with --function-name.',
      { code: 'FunctionNameUnknown' },
    );
  }
  return fn.logicalId;
}

function findFunction(
  io: AwsCommandIo,
  id: string,
  templates: string[],
  region: string,
): TemplateFunction | undefined {
  const search = findTemplateFunction(templates, id, region);
  if (search.ambiguous.length > 0) {
    io.err(
      `ownless deploy: ${id} is in several templates (${search.ambiguous.join(', ')}); pass --template\n`,
    );
    return undefined;
  }
  if (!search.found) {
    const list = search.available.length ? `; there are: ${search.available.join(', ')}` : '';
    io.err(`ownless deploy: no function ${id} in the templates${list}\n`);
    return undefined;
  }
  if (search.found.cannotDeploy) {
    io.err(
      `ownless deploy: ${search.found.logicalId} cannot be deployed by ownless: ${search.found.cannotDeploy}\n`,
    );
    return undefined;
  }
  return search.found;
}

async function confirmed(
  io: AwsCommandIo,
  values: DeployValues,
  question: string,
): Promise<boolean | undefined> {
  if (values.yes) return true;
  if (io.confirm) return io.confirm(question);
  const interactive = io.interactive ?? Boolean(process.stdin.isTTY && process.stderr.isTTY);
  return interactive ? askOnTerminal(question) : undefined;
}

async function deploy(
  io: AwsCommandIo,
  clients: AwsClients,
  values: DeployValues,
  id: string,
): Promise<number> {
  const templates = templatesFor(io, 'deploy', values.template);
  if (!templates) return EXIT_ERROR;
  const fn = findFunction(io, id, templates, clients.target.region);
  if (!fn?.codeDir) return EXIT_ERROR;
  const notes = [...fn.warnings];
  const name = deployedName(fn, values['function-name'], notes);
  if (name instanceof AwsActionError) return reportAwsError(io, 'deploy', name);
  const request: DeployRequest = {
    functionName: name,
    codeDir: fn.codeDir,
    runtime: fn.runtime,
    handler: fn.handler,
    create: {
      role: values.role ?? fn.role,
      memorySize: fn.memoryMB,
      timeout: fn.timeoutSeconds,
      architectures: fn.architectures,
      description: fn.description,
      environment: fn.environment,
      ephemeralStorageMB: fn.ephemeralStorageMB,
    },
    notes,
  };
  const stop = interruptible(io);
  try {
    const plan = await planDeploy(clients, request, { signal: stop.signal });
    if (values.role && plan.change !== 'create')
      plan.notes.push(`--role is only used to create a function; ${name} exists and keeps its role`);
    io.out(describePlan(plan));
    if (plan.change === 'unchanged') {
      io.out(`Nothing to deploy: ${name} already runs this code.\n`);
      return EXIT_OK;
    }
    const verb = plan.change === 'create' ? 'Create' : 'Update';
    const answer = await confirmed(
      io,
      values,
      `${verb} ${name} in ${describeTarget(clients.target)}? [y/N] `,
    );
    if (answer === undefined) {
      io.err(
        'ownless deploy: stdin is not a terminal, so nobody can confirm; pass --yes to deploy without asking\n',
      );
      return EXIT_ERROR;
    }
    if (!answer) {
      io.err('ownless deploy: not deployed\n');
      return EXIT_ERROR;
    }
    const result = await executeDeploy(clients, plan, {
      signal: stop.signal,
      onProgress: (message) => io.err(`ownless: ${message}\n`),
    });
    const seconds = (result.elapsedMs / 1000).toFixed(1);
    io.out(
      `${result.action === 'created' ? 'Created' : 'Updated'} ${name} in ${describeTarget(clients.target)} in ${seconds} s: ` +
        `state ${result.state ?? 'unknown'}, last update ${result.lastUpdateStatus ?? 'unknown'}, code ${result.codeSha256 ?? 'unknown'}\n`,
    );
    if (!result.codeSha256Matches)
      io.err(`ownless: the service reports code ${result.codeSha256 ?? 'unknown'}, not ${plan.zip.sha256}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof AwsActionError) return reportAwsError(io, 'deploy', error);
    throw error;
  } finally {
    stop.dispose();
  }
}

export async function deployCommand(args: string[], io: AwsCommandIo): Promise<number> {
  let values: DeployValues;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        template: { type: 'string', multiple: true },
        'function-name': { type: 'string' },
        role: { type: 'string' },
        profile: { type: 'string' },
        region: { type: 'string' },
        'endpoint-url': { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    io.err(`ownless deploy: ${(error as Error).message}\n`);
    return EXIT_ERROR;
  }
  const named = oneFunction(io, 'deploy', DEPLOY_USAGE, values.help, positionals);
  if ('exit' in named) return named.exit;
  return withAwsClients(io, 'deploy', values, (clients) => deploy(io, clients, values, named.name));
}
