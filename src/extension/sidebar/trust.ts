/** Workspace Trust for actions that run workspace code or change AWS: they refuse, saying why. */
import * as vscode from 'vscode';

export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    `Ownless: ${action} runs code or changes AWS, so it is disabled in an untrusted workspace. Trust the workspace to use it.`,
  );
  return false;
}
