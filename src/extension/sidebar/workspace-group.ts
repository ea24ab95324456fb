/** "Workspace": every function of every template, grouped by template, from the language server. */
import * as vscode from 'vscode';
import type { TemplateFunctions } from '../../server/protocol';
import { CONTEXT, type FunctionsNode } from './nodes';

export function templateItem(node: Extract<FunctionsNode, { kind: 'template' }>): vscode.TreeItem {
  const uri = vscode.Uri.parse(node.uri);
  const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.Expanded);
  item.description = vscode.workspace.asRelativePath(uri, true).replace(/\/?[^/]+$/, '') || undefined;
  item.tooltip = `${vscode.workspace.asRelativePath(uri, true)}: ${node.functions.length} function${node.functions.length === 1 ? '' : 's'}`;
  return item;
}

export function functionItem(node: Extract<FunctionsNode, { kind: 'function' }>): vscode.TreeItem {
  const { fn } = node;
  const item = new vscode.TreeItem(fn.id, vscode.TreeItemCollapsibleState.None);
  // The template's findings and its handler code's, as the lens above the handler counts them.
  const findings =
    fn.findings === 0 ? 'no findings' : `${fn.findings} finding${fn.findings === 1 ? '' : 's'}`;
  const inCode = fn.codeFindings ? ` (${fn.codeFindings} in the handler code)` : '';
  item.description = `${fn.runtime ?? 'runtime?'} · ${findings}`;
  item.tooltip = new vscode.MarkdownString(
    `**${fn.id}**${fn.functionName ? ` (${fn.functionName})` : ''}\n\nRuntime: ${fn.runtime ?? 'not set'}\n\nHandler: ${fn.handler ?? 'not set'}\n\n${findings}${inCode}`,
  );
  item.iconPath = new vscode.ThemeIcon(
    'symbol-function',
    fn.findings ? new vscode.ThemeColor('list.warningForeground') : undefined,
  );
  item.contextValue = CONTEXT.function;
  item.command = { title: 'Reveal in template', command: 'ownless.revealFunction', arguments: [node] };
  return item;
}

export function workspaceChildren(templates: TemplateFunctions[]): FunctionsNode[] {
  if (templates.length === 0)
    return [{ kind: 'message', text: 'No functions found in SAM or CloudFormation templates yet.' }];
  return templates.map((t) => ({ kind: 'template', uri: t.uri, functions: t.functions }));
}
