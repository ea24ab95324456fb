/** The language client: starts dist/server.js over IPC and adds what only the editor can do. */
import * as vscode from 'vscode';
import {
  type LanguageClientOptions,
  LanguageClient,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { COMMANDS, type InitializationOptions } from '../server/protocol';

export const CLIENT_ID = 'ownless';

/** The documents the server may analyse; it decides per document whether it is a template. */
export const DOCUMENT_SELECTOR = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { pattern: '**/*.template' },
  // Terraform: the HashiCorp extension's language ids, and .tf files without it (plain text).
  { language: 'terraform' },
  { language: 'hcl' },
  { pattern: '**/*.tf' },
  // Handler code: the server diagnoses the handlers templates link to, and open files that look like one.
  { language: 'javascript' },
  { language: 'javascriptreact' },
  { language: 'typescript' },
  { language: 'typescriptreact' },
  { language: 'python' },
];

export function createClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  onDiagnostics: (count: number) => void = () => {},
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--inspect=6011'] } },
  };
  const initializationOptions: InitializationOptions = {
    promptsForReason: true,
    docsFolder: context.asAbsolutePath('docs/rules'),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    initializationOptions,
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        onDiagnostics(diagnostics.length);
        next(uri, diagnostics);
      },
      // "Show documentation" opens the page shipped in the extension, rendered, and works offline.
      executeCommand: async (command, args, next) => {
        if (command === COMMANDS.showDocumentation) {
          await showRuleDocumentation(context, String(args[0]), String(args[1]));
          return undefined;
        }
        return next(command, args);
      },
    },
  };
  return new LanguageClient(CLIENT_ID, 'Ownless', serverOptions, clientOptions);
}

export async function showRuleDocumentation(
  context: vscode.ExtensionContext,
  ruleId: string,
  url: string,
): Promise<void> {
  const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
  try {
    await vscode.workspace.fs.stat(page);
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch {
    await vscode.env.openExternal(vscode.Uri.parse(url));
  }
}
