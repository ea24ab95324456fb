/**
 * The Ownless sidebar: the Functions view and the commands on its items (and on the code lenses).
 * Everything that runs or deploys code refuses in an untrusted workspace.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  FUNCTIONS_CHANGED_NOTIFICATION,
  FUNCTIONS_REQUEST,
  type FunctionTarget,
  HANDLER_FILE_REQUEST,
  type HandlerFileResult,
  FUNCTION_PAYLOADS_REQUEST,
  type FunctionPayloads,
  type TemplateFunctions,
} from '../../server/protocol';
import { InvokePanel } from '../invoke/panel';
import { localTarget } from '../invoke/local-target';
import { workspacePayloads } from '../invoke/payloads';
import type { LocalRuntimeHost } from '../local-runtime';
import type { AwsHost } from '../aws/aws-host';
import { requireTrust } from './trust';
import { FunctionsTree } from './functions-tree';
import { type FunctionsNode, workspaceFunctionOf } from './nodes';

export function registerSidebar(
  context: vscode.ExtensionContext,
  getClient: () => Promise<LanguageClient>,
  local: LocalRuntimeHost,
  aws: AwsHost,
): FunctionsTree {
  let templates: TemplateFunctions[] = [];
  let runtimeTemplates: string[] = [];
  const workspace = async (): Promise<TemplateFunctions[]> => {
    const client = await getClient();
    templates = await client.sendRequest<TemplateFunctions[]>(FUNCTIONS_REQUEST);
    const paths = templates
      .map((t) => vscode.Uri.parse(t.uri))
      .filter((u) => u.scheme === 'file')
      .map((u) => u.fsPath)
      .sort();
    // Typing in a template changes findings, not the runtime: it reloads on save (below), and only a
    // new or removed template reloads it here, so warm environments survive edits.
    if (paths.join('\n') !== runtimeTemplates.join('\n')) {
      runtimeTemplates = paths;
      await local.setTemplates(paths).catch(() => undefined);
    }
    return templates;
  };
  const tree = new FunctionsTree({
    workspace,
    local,
    awsTarget: () => aws.target(),
    listDeployed: () => aws.listDeployed(),
  });
  const view = vscode.window.createTreeView('ownless.functions', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  context.subscriptions.push(view);

  void getClient().then((client) =>
    context.subscriptions.push(
      client.onNotification(FUNCTIONS_CHANGED_NOTIFICATION, () => tree.refresh('workspace')),
    ),
  );
  context.subscriptions.push(
    local.onDidChange(() => tree.refresh('local')),
    aws.onDidChange(() => tree.refresh('aws')),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
    // The runtime reads templates from disk: a saved template is reloaded (its warm environments end).
    vscode.workspace.onDidSaveTextDocument((document) => {
      const uri = document.uri.toString();
      if (local.started && templates.some((t) => t.uri === uri)) void local.setTemplates(runtimeTemplates);
    }),
  );

  const register = (id: string, run: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, run));

  register('ownless.refreshFunctions', () => tree.refresh());

  register('ownless.revealFunction', async (arg?: FunctionTarget | FunctionsNode) => {
    const ref = workspaceFunctionOf(arg);
    if (!ref) return;
    if (!templates.some((t) => t.uri === ref.uri)) await workspace();
    const fn = templates.find((t) => t.uri === ref.uri)?.functions.find((f) => f.id === ref.functionId);
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(ref.uri));
    if (fn) {
      const range = new vscode.Range(
        fn.range.start.line,
        fn.range.start.character,
        fn.range.end.line,
        fn.range.end.character,
      );
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  });

  register('ownless.openHandler', async (arg?: FunctionTarget | FunctionsNode) => {
    const ref = workspaceFunctionOf(arg);
    if (!ref) return;
    // The server answers from the template as it holds it (the open buffer, unsaved edits included).
    const client = await getClient();
    const found = await client.sendRequest<HandlerFileResult>(HANDLER_FILE_REQUEST, ref);
    if ('problem' in found) {
      void vscode.window.showWarningMessage(`Ownless: ${found.problem}.`);
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(found.file));
  });

  register('ownless.invokeFunction', async (arg?: FunctionTarget | FunctionsNode) => {
    if (!requireTrust('Invoke')) return;
    const ref =
      workspaceFunctionOf(arg) ?? (await pickFunction(templates.length ? templates : await workspace()));
    if (!ref) return;
    // Called from a code lens before the view was ever shown: the runtime learns the templates first.
    if (!templates.some((t) => t.uri === ref.uri)) await workspace();
    const templatePath = vscode.Uri.parse(ref.uri).fsPath;
    const target = localTarget(local, templatePath, ref.functionId);
    InvokePanel.show(
      `local:${ref.uri}#${ref.functionId}`,
      target,
      workspacePayloads(async () =>
        (await getClient()).sendRequest<FunctionPayloads>(FUNCTION_PAYLOADS_REQUEST, {
          uri: ref.uri,
          functionId: ref.functionId,
        }),
      ),
      context.extensionUri,
    );
  });

  return tree;
}

async function pickFunction(templates: TemplateFunctions[]): Promise<FunctionTarget | undefined> {
  const items = templates.flatMap((t) =>
    t.functions.map((fn) => ({
      label: fn.id,
      description: `${fn.runtime ?? ''} · ${vscode.workspace.asRelativePath(vscode.Uri.parse(t.uri))}`,
      ref: { uri: t.uri, functionId: fn.id },
    })),
  );
  const picked = await vscode.window.showQuickPick(items, { title: 'Invoke which function?' });
  return picked?.ref;
}
