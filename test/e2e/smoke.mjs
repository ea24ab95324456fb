// Setup's last check: an isolated code-server starts, Chromium loads its workbench on a folder, both stop.
import { openVSCode, log } from './lib.mjs';

const vscode = await openVSCode({ files: { 'hello.yaml': 'hello: world\n' } });
try {
  await vscode.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'hello.yaml' }).waitFor();
  log('smoke: workbench up, explorer lists hello.yaml');
} finally {
  await vscode.close();
}
log('smoke: code-server and Chromium stopped');
