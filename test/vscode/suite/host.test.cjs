// Self-check of the in-host test setup: the suite runs inside a Node extension host of VS Code, on a copy
// of test/vscode/workspace, with the runner's environment.
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');

describe('VS Code extension host (test setup)', () => {
  it('runs in a Node extension host of VS Code >= 1.100', () => {
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || minor >= 100, `VS Code ${vscode.version}`);
    assert.ok(process.versions.node, 'Node extension host');
    console.log(`VS Code ${vscode.version} (${vscode.env.appName}), node ${process.version}`);
  });

  it('opened a copy of test/vscode/workspace', async () => {
    const folders = vscode.workspace.workspaceFolders || [];
    assert.strictEqual(folders.length, 1);
    assert.ok(
      !folders[0].uri.fsPath.startsWith(path.resolve(__dirname, '..')),
      'a copy, not the repo folder',
    );
    const found = await vscode.workspace.findFiles('template.yaml');
    assert.strictEqual(found.length, 1);
  });

  it('receives the runner environment', () => {
    assert.strictEqual(process.env.OWNLESS_VSCODE_TESTS, '1');
  });
});
