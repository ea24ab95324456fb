/** Commands the server's actions and lenses call, and the palette's. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  COMMANDS,
  type FindingTarget,
  SUPPRESSION_EDIT_REQUEST,
  type SuppressionEditParams,
} from '../server/protocol';
import type { WorkspaceEdit } from 'vscode-languageclient/node';

/** The Ownless diagnostic under the cursor, for commands run from the palette. */
function targetAtCursor(): FindingTarget | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const diagnostic = vscode.languages
    .getDiagnostics(editor.document.uri)
    .find((d) => d.source === 'ownless' && d.range.contains(editor.selection.active) && ruleIdOf(d));
  if (!diagnostic) return undefined;
  return {
    uri: editor.document.uri.toString(),
    ruleId: ruleIdOf(diagnostic)!,
    line: diagnostic.range.start.line,
    character: diagnostic.range.start.character,
  };
}

function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return typeof code === 'string' && code.includes('/') && !code.startsWith('meta/') ? code : undefined;
}

export async function acceptDeviation(client: LanguageClient, given?: FindingTarget): Promise<boolean> {
  const target = given ?? targetAtCursor();
  if (!target) {
    void vscode.window.showInformationMessage('Ownless: put the cursor on an Ownless finding to accept it.');
    return false;
  }
  const reason = await vscode.window.showInputBox({
    title: `Accept this deviation from ${target.ruleId}`,
    prompt: 'Why is this deviation justified? The reason is written next to the suppression for reviewers.',
    placeHolder: 'e.g. reaches an RDS instance that only has a private endpoint',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'A reason is required: it is what reviewers read.'),
  });
  if (reason === undefined) return false;
  const params: SuppressionEditParams = { target, reason };
  const edit = await client.sendRequest<WorkspaceEdit | null>(SUPPRESSION_EDIT_REQUEST, params);
  if (!edit) {
    void vscode.window.showWarningMessage(
      `Ownless: this ${target.ruleId} finding cannot be suppressed here (the document changed, or no comment fits at that line).`,
    );
    return false;
  }
  return vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
}

const SAMPLE_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: A sample to try Ownless - hover the flagged lines, then press Ctrl+. on them.

Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src/
      Timeout: 900
      MemorySize: 1024
      VpcConfig:
        SecurityGroupIds: [sg-0123456789abcdef0]
        SubnetIds: [subnet-0123456789abcdef0]
      Events:
        Api:
          Type: HttpApi
`;

export function registerCommands(
  context: vscode.ExtensionContext,
  getClient: () => Promise<LanguageClient>,
  output: vscode.LogOutputChannel,
): void {
  const register = (id: string, run: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  register(COMMANDS.acceptDeviation, async (target?: FindingTarget) =>
    acceptDeviation(await getClient(), target),
  );
  register(COMMANDS.showFunctionFindings, () =>
    vscode.commands.executeCommand('workbench.actions.view.problems'),
  );
  register('ownless.fixAll', () =>
    vscode.commands.executeCommand('editor.action.sourceAction', {
      kind: 'source.fixAll.ownless',
      apply: 'first',
    }),
  );
  register('ownless.showOutput', () => output.show());
  register('ownless.restartServer', async () => {
    const client = await getClient();
    await client.restart();
  });
  register('ownless.openSampleTemplate', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: SAMPLE_TEMPLATE });
    await vscode.window.showTextDocument(document);
  });
}
