/** "AWS <profile> / <region>": the functions deployed there, listed on demand (never while untrusted). */
import * as vscode from 'vscode';
import { CONTEXT, type FunctionsNode } from './nodes';

export interface DeployedFunction {
  name: string;
  runtime?: string;
  lastModified?: string;
}

export interface AwsTarget {
  profile?: string;
  region: string;
  endpointUrl?: string;
}

export function awsGroupLabel(target: AwsTarget): string {
  return `AWS ${target.profile ?? 'default'} / ${target.region}`;
}

export function awsFunctionItem(node: Extract<FunctionsNode, { kind: 'awsFunction' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
  item.description = node.runtime ?? '';
  item.tooltip = `${node.name} in ${node.region}${node.lastModified ? `, last modified ${node.lastModified}` : ''}`;
  item.iconPath = new vscode.ThemeIcon('cloud');
  item.contextValue = CONTEXT.awsFunction;
  return item;
}

export async function awsChildren(
  target: AwsTarget,
  list: (target: AwsTarget) => Promise<DeployedFunction[]>,
): Promise<FunctionsNode[]> {
  if (!vscode.workspace.isTrusted)
    return [{ kind: 'message', text: 'Disabled: the workspace is not trusted.' }];
  try {
    const functions = await list(target);
    if (functions.length === 0) return [{ kind: 'message', text: `No functions in ${target.region}.` }];
    return functions.map((f) => ({
      kind: 'awsFunction',
      name: f.name,
      runtime: f.runtime,
      lastModified: f.lastModified,
      profile: target.profile,
      region: target.region,
    }));
  } catch (e) {
    const error = e as Error & { nextStep?: string };
    return [{ kind: 'message', text: error.message, tooltip: error.nextStep }];
  }
}
