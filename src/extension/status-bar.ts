/** The status bar item: the workspace's Ownless findings at a glance; a click opens Problems. */
import * as vscode from 'vscode';
import type { StatusParams } from '../server/protocol';

export class FindingsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'ownless.status',
    vscode.StatusBarAlignment.Left,
    50,
  );

  constructor() {
    this.item.name = 'Ownless findings';
    this.item.command = 'workbench.actions.view.problems';
    this.item.text = '$(loading~spin) Ownless';
    this.item.tooltip = 'Ownless is starting';
    this.item.show();
  }

  update(status: StatusParams): void {
    const total = status.errors + status.warnings + status.infos;
    const icon = status.scanning
      ? '$(loading~spin)'
      : status.errors
        ? '$(error)'
        : total
          ? '$(warning)'
          : '$(check)';
    this.item.text = `${icon} Ownless ${total}`;
    const parts = [
      `${status.errors} error${status.errors === 1 ? '' : 's'}`,
      `${status.warnings} warning${status.warnings === 1 ? '' : 's'}`,
      `${status.infos} info`,
    ];
    this.item.tooltip = `Ownless: ${parts.join(', ')} in ${status.files} template${status.files === 1 ? '' : 's'}${
      status.scanning ? ' (still scanning the workspace)' : ''
    }. Click to open Problems.`;
    this.item.accessibilityInformation = { label: `Ownless: ${parts.join(', ')}` };
  }

  failed(message: string): void {
    this.item.text = '$(error) Ownless';
    this.item.tooltip = `Ownless could not start: ${message}`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
