/** "Local runtime": its execution environments, warm or cold, while it runs. */
import * as vscode from 'vscode';
import type { EnvironmentSnapshot } from '../../lambda/local';
import { CONTEXT, type FunctionsNode } from './nodes';

const STATE_ICON: Record<string, string> = {
  initializing: 'loading~spin',
  busy: 'sync~spin',
  warm: 'flame',
  stopped: 'circle-slash',
};

export function environmentItem(environment: EnvironmentSnapshot): vscode.TreeItem {
  const item = new vscode.TreeItem(environment.functionName, vscode.TreeItemCollapsibleState.None);
  const init =
    environment.initDuration === undefined ? '' : `, init ${environment.initDuration.toFixed(0)} ms`;
  item.description = `${environment.state} · ${environment.invocations} invocation${environment.invocations === 1 ? '' : 's'}`;
  item.tooltip = `Environment ${environment.id} (${environment.state}${init}), max memory used ${environment.maxMemoryUsed} MB${
    environment.pid ? `, pid ${environment.pid}` : ''
  }`;
  item.iconPath = new vscode.ThemeIcon(STATE_ICON[environment.state] ?? 'circle-outline');
  item.contextValue = CONTEXT.environment;
  return item;
}

export function localChildren(started: boolean, environments: EnvironmentSnapshot[]): FunctionsNode[] {
  if (!vscode.workspace.isTrusted)
    return [
      {
        kind: 'message',
        text: 'Disabled: the workspace is not trusted.',
        tooltip: 'Invoking runs workspace code.',
      },
    ];
  if (!started)
    return [{ kind: 'message', text: 'Not running: invoke a function to start it (no Docker needed).' }];
  const live = environments.filter((e) => e.state !== 'stopped');
  if (live.length === 0) return [{ kind: 'message', text: 'Running; every environment is cold.' }];
  return live.map((environment) => ({ kind: 'environment', environment }));
}
