/**
 * The sidebar's AWS commands: Invoke on AWS, Deploy code (shown for confirmation first), Show logs
 * (a CloudWatch Logs tail in an output channel) and the profile/region picker. All refuse in an
 * untrusted workspace, and every failure is an AWS error in words with the next step.
 */
import * as vscode from 'vscode';
import {
  AwsActionError,
  type DeployPlan,
  type DeployRequest,
  type TemplateFunction,
  describePlan,
  describeTarget,
  executeDeploy,
  findTemplateFunction,
  listProfiles,
  planDeploy,
  redactSecrets,
  tailLogs,
} from '../../lambda/aws';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FUNCTION_PAYLOADS_REQUEST, type FunctionPayloads, type FunctionTarget } from '../../server/protocol';
import { awsTarget } from '../invoke/aws-target';
import { InvokePanel } from '../invoke/panel';
import { deployedFunctionPayloads, workspacePayloads } from '../invoke/payloads';
import { type FunctionsNode, workspaceFunctionOf } from '../sidebar/nodes';
import { requireTrust } from '../sidebar/trust';
import type { AwsHost } from './aws-host';

type AwsArg = FunctionTarget | FunctionsNode | undefined;

/** Shows an error from an AWS action: the message, and the next step when there is one. */
export function showAwsError(action: string, error: unknown): void {
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  const next = error instanceof AwsActionError && error.nextStep ? ` ${error.nextStep}` : '';
  void vscode.window.showErrorMessage(`Ownless: ${action} failed. ${message}${next}`);
}

/** The template's view of a workspace function (code folder, deployed name, settings for a new one). */
function templateFunction(host: AwsHost, ref: FunctionTarget): TemplateFunction {
  const templatePath = vscode.Uri.parse(ref.uri).fsPath;
  const search = findTemplateFunction([templatePath], ref.functionId, host.target().region);
  if (!search.found)
    throw new AwsActionError(
      `${ref.functionId} is no longer in ${templatePath}.`,
      'Refresh the Functions view.',
      {
        code: 'FunctionNotInTemplate',
      },
    );
  return search.found;
}

/** The name a workspace function has on AWS: FunctionName when literal, else asked (stacks rename). */
async function deployedNameOf(fn: TemplateFunction): Promise<string | undefined> {
  if (fn.literalName) return fn.literalName;
  return vscode.window.showInputBox({
    title: `The deployed name of ${fn.logicalId}`,
    prompt: fn.nameNotLiteral
      ? `${fn.nameNotLiteral}. Which function on AWS is it?`
      : `The template gives ${fn.logicalId} no FunctionName: CloudFormation names it <stack>-${fn.logicalId}-<suffix>. Which function on AWS is it?`,
    value: fn.logicalId,
    ignoreFocusOut: true,
    validateInput: (v) => (/^[\w:.-]+$/.test(v.trim()) ? undefined : 'A function name or ARN'),
  });
}

/** The function on AWS an argument names: a deployed item, a workspace function, or one picked. */
async function deployedFunctionOf(
  host: AwsHost,
  arg: AwsArg,
): Promise<{ name: string; workspace?: FunctionTarget } | undefined> {
  if (arg && 'kind' in arg && arg.kind === 'awsFunction') return { name: arg.name };
  const ref = workspaceFunctionOf(arg);
  if (ref) {
    const name = await deployedNameOf(templateFunction(host, ref));
    return name ? { name: name.trim(), workspace: ref } : undefined;
  }
  const deployed = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Ownless: listing functions on AWS' },
    () => host.listDeployed(),
  );
  const picked = await vscode.window.showQuickPick(
    deployed.map((f) => ({ label: f.name, description: f.runtime ?? '' })),
    { title: `Which function in ${describeTarget(host.target())}?` },
  );
  return picked ? { name: picked.label } : undefined;
}

async function invokeOnAws(
  context: vscode.ExtensionContext,
  host: AwsHost,
  arg: AwsArg,
  getClient: () => Promise<LanguageClient>,
): Promise<void> {
  if (!requireTrust('Invoke on AWS')) return;
  try {
    const fn = await deployedFunctionOf(host, arg);
    if (!fn) return;
    const workspace = fn.workspace;
    // A workspace function's payloads come from the language server, which holds the template.
    const payloads = workspace
      ? workspacePayloads(async () =>
          (await getClient()).sendRequest<FunctionPayloads>(FUNCTION_PAYLOADS_REQUEST, {
            uri: workspace.uri,
            functionId: workspace.functionId,
          }),
        )
      : deployedFunctionPayloads(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, fn.name);
    const key = `aws:${JSON.stringify(host.target())}:${fn.name}`;
    InvokePanel.show(key, awsTarget(host, fn.name), payloads, context.extensionUri);
  } catch (e) {
    showAwsError('Invoke on AWS', e);
  }
}

/** The plan, asking for an execution role when the function must be created and the template has none. */
async function plan(
  host: AwsHost,
  request: DeployRequest,
  token: vscode.CancellationToken,
): Promise<DeployPlan | undefined> {
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort());
  try {
    return await planDeploy(host.clients(), request, { signal: controller.signal });
  } catch (e) {
    if (!(e instanceof AwsActionError) || e.code !== 'CreateNeedsSettings' || request.create?.role) throw e;
    const role = await vscode.window.showInputBox({
      title: `${request.functionName} does not exist yet: create it`,
      prompt: 'The execution role for the new function (an IAM role ARN). Esc to cancel.',
      placeHolder: 'arn:aws:iam::123456789012:role/my-function-role',
      ignoreFocusOut: true,
      validateInput: (v) =>
        /^arn:aws[\w-]*:iam::\d{12}:role\/.+/.test(v.trim()) ? undefined : 'An IAM role ARN',
    });
    if (!role) return undefined;
    return planDeploy(
      host.clients(),
      { ...request, create: { ...request.create, role: role.trim() } },
      {
        signal: controller.signal,
      },
    );
  } finally {
    cancel.dispose();
  }
}

async function deployFunction(host: AwsHost, output: vscode.LogOutputChannel, arg: AwsArg): Promise<void> {
  const ref = workspaceFunctionOf(arg);
  if (!ref) {
    void vscode.window.showInformationMessage(
      'Ownless: choose a function of the workspace to deploy (Functions view or code lens).',
    );
    return;
  }
  if (!requireTrust('Deploy')) return;
  try {
    const fn = templateFunction(host, ref);
    if (fn.cannotDeploy || !fn.codeDir)
      throw new AwsActionError(
        `Ownless cannot deploy ${fn.logicalId}: ${fn.cannotDeploy ?? 'it has no code folder'}.`,
        '',
        {
          code: 'CannotDeploy',
        },
      );
    const name = await deployedNameOf(fn);
    if (!name) return;
    const request: DeployRequest = {
      functionName: name.trim(),
      codeDir: fn.codeDir,
      runtime: fn.runtime,
      handler: fn.handler,
      create: {
        role: fn.role,
        memorySize: fn.memoryMB,
        timeout: fn.timeoutSeconds,
        architectures: fn.architectures,
        description: fn.description,
        environment: fn.environment,
        ephemeralStorageMB: fn.ephemeralStorageMB,
      },
      notes: [...fn.warnings],
    };
    const planned = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Ownless: zipping ${fn.logicalId}`,
        cancellable: true,
      },
      (_progress, token) => plan(host, request, token),
    );
    if (!planned) return;
    const summary = describePlan(planned);
    output.info(summary);
    if (planned.change === 'unchanged') {
      void vscode.window.showInformationMessage(
        `Ownless: nothing to deploy, ${planned.functionName} already runs this code.`,
      );
      return;
    }
    const verb = planned.change === 'create' ? 'Create' : 'Update';
    const answer = await vscode.window.showWarningMessage(
      `${verb} ${planned.functionName} in ${describeTarget(planned.target)}?`,
      { modal: true, detail: summary },
      verb,
    );
    if (answer !== verb) return;
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Ownless: deploying ${planned.functionName}`,
        cancellable: true,
      },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return executeDeploy(host.clients(), planned, {
          signal: controller.signal,
          onProgress: (message) => {
            progress.report({ message });
            output.info(message);
          },
        });
      },
    );
    const seconds = (result.elapsedMs / 1000).toFixed(1);
    const message = `${result.action === 'created' ? 'Created' : 'Updated'} ${planned.functionName} in ${describeTarget(planned.target)} in ${seconds} s (state ${result.state ?? 'unknown'}, last update ${result.lastUpdateStatus ?? 'unknown'}).`;
    output.info(message);
    void vscode.window.showInformationMessage(`Ownless: ${message}`);
  } catch (e) {
    showAwsError('Deploy', e);
  }
}

/** One tail per function; Show logs again only reveals its channel. */
const tails = new Map<string, { channel: vscode.OutputChannel; stop: AbortController }>();

async function showLogs(host: AwsHost, arg: AwsArg): Promise<void> {
  if (!requireTrust('Show logs')) return;
  try {
    const fn = await deployedFunctionOf(host, arg);
    if (!fn) return;
    const clients = host.clients();
    const key = `${describeTarget(clients.target)}:${fn.name}`;
    const running = tails.get(key);
    if (running) {
      running.channel.show(true);
      return;
    }
    const channel = vscode.window.createOutputChannel(`Ownless logs: ${fn.name}`);
    const stop = new AbortController();
    tails.set(key, { channel, stop });
    channel.show(true);
    channel.appendLine(
      `Following /aws/lambda/${fn.name} in ${describeTarget(clients.target)} (last 10 minutes first).`,
    );
    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Ownless: following the logs of ${fn.name}`,
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => stop.abort());
        try {
          for await (const line of tailLogs(clients, fn.name, {
            signal: stop.signal,
            onStatus: (status) =>
              progress.report({
                message:
                  status === 'waiting' ? 'waiting for the log group (never invoked yet?)' : 'Cancel to stop',
              }),
          }))
            channel.append(
              `${new Date(line.timestamp).toISOString()} ${redactSecrets(line.message)}${line.message.endsWith('\n') ? '' : '\n'}`,
            );
          channel.appendLine('Stopped following.');
        } catch (e) {
          channel.appendLine(redactSecrets((e as Error).message));
          showAwsError('Show logs', e);
        } finally {
          tails.delete(key);
        }
      },
    );
  } catch (e) {
    showAwsError('Show logs', e);
  }
}

async function selectAwsProfile(host: AwsHost): Promise<void> {
  const config = vscode.workspace.getConfiguration('ownless.aws');
  const profiles = listProfiles();
  const current = host.target();
  const kind = {
    sso: 'SSO',
    static: 'access keys',
    'assume-role': 'assumes a role',
    'web-identity': 'web identity',
    process: 'credential process',
    other: '',
  };
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: 'Default credential chain',
        description: 'environment, AWS_PROFILE, default profile, SSO, instance role',
        profile: '',
      },
      ...profiles.map((p) => ({
        label: p.name,
        description: [kind[p.kind], p.region].filter(Boolean).join(' · '),
        profile: p.name,
      })),
    ],
    { title: 'Ownless: AWS profile', placeHolder: `Now: ${current.profile ?? 'default chain'}` },
  );
  if (!picked) return;
  const profileRegion = profiles.find((p) => p.name === picked.profile)?.region;
  const region = await vscode.window.showInputBox({
    title: 'Ownless: AWS region',
    prompt: "Empty: the profile's region, else AWS_REGION / AWS_DEFAULT_REGION",
    value: config.get<string | null>('region') ?? profileRegion ?? '',
    validateInput: (v) =>
      v === '' || /^[a-z]{2}(-[a-z]+)+-\d$/.test(v.trim()) ? undefined : 'A region such as eu-west-1',
  });
  if (region === undefined) return;
  const target = vscode.workspace.workspaceFolders
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await config.update('profile', picked.profile || null, target);
  await config.update('region', region.trim() || null, target);
}

export function registerAwsCommands(
  context: vscode.ExtensionContext,
  host: AwsHost,
  output: vscode.LogOutputChannel,
  getClient: () => Promise<LanguageClient>,
): void {
  const register = (id: string, run: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  register('ownless.invokeOnAws', (arg?: FunctionTarget | FunctionsNode) =>
    invokeOnAws(context, host, arg, getClient),
  );
  register('ownless.deployFunction', (arg?: FunctionTarget | FunctionsNode) =>
    deployFunction(host, output, arg),
  );
  register('ownless.showLogs', (arg?: FunctionTarget | FunctionsNode) => showLogs(host, arg));
  register('ownless.selectAwsProfile', () => selectAwsProfile(host));
  context.subscriptions.push({
    dispose: () => {
      for (const tail of tails.values()) {
        tail.stop.abort();
        tail.channel.dispose();
      }
      tails.clear();
    },
  });
}
