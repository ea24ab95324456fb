/**
 * The Ownless VS Code extension. It activates for workspaces with templates (and when a file that
 * looks like one is opened), but starts the language server only once a template is actually there,
 * so a workspace with an unrelated YAML file pays nothing.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  SERVICE_FILE_NAME,
  SERVICE_HINTS,
  STATUS_NOTIFICATION,
  type StatusParams,
  TEMPLATE_HINT,
} from '../server/protocol';
import { createClient } from './client';
import { registerCommands } from './commands';
import { FindingsStatus } from './status-bar';
import { registerAwsCommands } from './aws/aws-commands';
import { AwsHost } from './aws/aws-host';
import { InvokePanel } from './invoke/panel';
import { LocalRuntimeHost } from './local-runtime';
import { registerSidebar } from './sidebar/register';

/**
 * What `workspaceContains` activated us for; searched again to decide whether to start now. Only
 * what is analysed: each format adds its own markers when its adapter lands (package.json too).
 */
// One level of braces: VS Code's ripgrep rejects nested alternate groups.
const WORKSPACE_MARKERS =
  '{**/template.yaml,**/template.yml,**/*.template.json,**/serverless.yml,**/serverless.yaml,**/serverless.json,**/cdk.json}';
const SNIFF_CHARS = 64 * 1024;

let client: LanguageClient | undefined;
let localRuntime: LocalRuntimeHost | undefined;

/** What the extension exports: timings for the benchmark and tests (milliseconds since the epoch). */
export interface OwnlessApi {
  timings: { activated: number; serverStarted?: number; firstDiagnostics?: number };
  /**
   * For the extension's own tests (test/vscode/suite/sidebar.test.cjs): the open invoke panels, and
   * the settings the running local runtime was started with (undefined while it is not running).
   */
  test: {
    invokePanels(): ReadonlyMap<string, InvokePanel>;
    localRuntimeOptions(): { prewarm: number | undefined } | undefined;
  };
}

function looksLikeTemplate(document: vscode.TextDocument): boolean {
  if (!['yaml', 'json', 'jsonc'].includes(document.languageId) && !document.fileName.endsWith('.template'))
    return false;
  const head = document.getText(new vscode.Range(0, 0, document.lineCount, 0)).slice(0, SNIFF_CHARS);
  if (SERVICE_FILE_NAME.test(document.fileName)) return SERVICE_HINTS.every((hint) => hint.test(head));
  return TEMPLATE_HINT.test(head);
}

/** Most projects keep their template at a folder's root: a few stats, before a search of the tree. */
async function markerAtARoot(): Promise<boolean> {
  const names = ['template.yaml', 'template.yml', 'serverless.yml', 'serverless.yaml', 'cdk.json'];
  for (const folder of vscode.workspace.workspaceFolders ?? [])
    for (const name of names) {
      try {
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, name));
        return true;
      } catch {
        // not there: the next name
      }
    }
  return false;
}

async function markerAnywhere(): Promise<boolean> {
  if ((vscode.workspace.workspaceFolders?.length ?? 0) === 0) return false;
  return (await vscode.workspace.findFiles(WORKSPACE_MARKERS, '**/node_modules/**', 1)).length > 0;
}

export async function activate(context: vscode.ExtensionContext): Promise<OwnlessApi> {
  const api: OwnlessApi = {
    timings: { activated: Date.now() },
    test: { invokePanels: () => InvokePanel.panels(), localRuntimeOptions: () => localRuntime?.options },
  };
  const output = vscode.window.createOutputChannel('Ownless', { log: true });
  context.subscriptions.push(output);
  let starting: Promise<LanguageClient> | undefined;
  let status: FindingsStatus | undefined;

  const start = (): Promise<LanguageClient> => {
    starting ??= (async () => {
      status = new FindingsStatus();
      context.subscriptions.push(status);
      const created = createClient(context, output, (count) => {
        if (count > 0) api.timings.firstDiagnostics ??= Date.now();
      });
      client = created;
      created.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status?.update(params));
      try {
        await created.start();
      } catch (e) {
        status.failed((e as Error).message);
        output.error(`the language server did not start: ${(e as Error).stack ?? e}`);
        throw e;
      }
      api.timings.serverStarted = Date.now();
      output.info(`language server started (workspace trusted: ${vscode.workspace.isTrusted})`);
      return created;
    })();
    return starting;
  };

  registerCommands(context, start, output);
  // The local runtime starts on the first local invoke (never while the workspace is untrusted).
  localRuntime = new LocalRuntimeHost(
    output,
    vscode.Uri.joinPath(context.globalStorageUri, 'runtime').fsPath,
  );
  const aws = new AwsHost();
  context.subscriptions.push(aws);
  registerSidebar(context, start, localRuntime, aws);
  registerAwsCommands(context, aws, output, start);

  const hasMarkers = (await markerAtARoot()) || (await markerAnywhere());
  if (hasMarkers || vscode.workspace.textDocuments.some(looksLikeTemplate)) {
    // A server that cannot start is reported in the status bar and the log; commands stay usable.
    await start().catch(() => undefined);
    return api;
  }
  const watcher = vscode.workspace.onDidOpenTextDocument((document) => {
    if (!looksLikeTemplate(document)) return;
    watcher.dispose();
    void start();
  });
  context.subscriptions.push(watcher);
  return api;
}

export async function deactivate(): Promise<void> {
  const runtime = localRuntime;
  localRuntime = undefined;
  await Promise.all([client?.stop(), runtime?.dispose()]);
}
