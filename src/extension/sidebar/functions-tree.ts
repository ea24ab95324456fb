/**
 * The "Functions" view of the Ownless container: Workspace (from the language server), Local runtime
 * (environments of the embedded runtime) and AWS <profile> / <region> (deployed functions).
 */
import * as vscode from 'vscode';
import type { TemplateFunctions } from '../../server/protocol';
import type { LocalRuntimeHost } from '../local-runtime';
import {
  type AwsTarget,
  type DeployedFunction,
  awsChildren,
  awsFunctionItem,
  awsGroupLabel,
} from './aws-group';
import { environmentItem, localChildren } from './local-group';
import { CONTEXT, type FunctionsNode } from './nodes';
import { functionItem, templateItem, workspaceChildren } from './workspace-group';

export interface FunctionsSources {
  workspace(): Promise<TemplateFunctions[]>;
  local: LocalRuntimeHost;
  awsTarget(): AwsTarget;
  listDeployed(target: AwsTarget): Promise<DeployedFunction[]>;
}

export class FunctionsTree implements vscode.TreeDataProvider<FunctionsNode> {
  private readonly changed = new vscode.EventEmitter<FunctionsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly groups: Record<'workspace' | 'local' | 'aws', FunctionsNode> = {
    workspace: { kind: 'group', group: 'workspace' },
    local: { kind: 'group', group: 'local' },
    aws: { kind: 'group', group: 'aws' },
  };

  constructor(private readonly sources: FunctionsSources) {}

  refresh(group?: 'workspace' | 'local' | 'aws'): void {
    this.changed.fire(group ? this.groups[group] : undefined);
  }

  getTreeItem(node: FunctionsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const label =
          node.group === 'workspace'
            ? 'Workspace'
            : node.group === 'local'
              ? 'Local runtime'
              : awsGroupLabel(this.sources.awsTarget());
        const item = new vscode.TreeItem(
          label,
          node.group === 'aws'
            ? vscode.TreeItemCollapsibleState.Collapsed
            : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = `group:${node.group}`;
        if (node.group === 'aws') item.contextValue = CONTEXT.awsGroup;
        item.iconPath = new vscode.ThemeIcon(
          node.group === 'workspace' ? 'folder-library' : node.group === 'local' ? 'vm' : 'cloud',
        );
        return item;
      }
      case 'template':
        return templateItem(node);
      case 'function':
        return functionItem(node);
      case 'environment':
        return environmentItem(node.environment);
      case 'awsFunction':
        return awsFunctionItem(node);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.tooltip = node.tooltip ?? node.text;
        return item;
      }
    }
  }

  async getChildren(node?: FunctionsNode): Promise<FunctionsNode[]> {
    if (!node) return [this.groups.workspace, this.groups.local, this.groups.aws];
    if (node.kind === 'group') {
      if (node.group === 'workspace') return workspaceChildren(await this.sources.workspace());
      if (node.group === 'local') {
        const started = this.sources.local.started;
        const environments = started ? (await this.sources.local.get()).environments() : [];
        return localChildren(started, environments);
      }
      return awsChildren(this.sources.awsTarget(), this.sources.listDeployed);
    }
    if (node.kind === 'template')
      return node.functions.map((fn) => ({ kind: 'function', uri: node.uri, fn }));
    return [];
  }
}
