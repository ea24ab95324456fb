/**
 * The invoke panel: a payload (saved events, generated samples, or typed), edited before sending, then
 * the result — response and logs kept apart, status, duration, billed duration, memory, init duration —
 * and the last invokes. A webview with a strict CSP: only our script (by nonce) and our stylesheet.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { InvokeOutcome, InvokeTarget, PayloadSource } from './types';

const HISTORY = 10;

type FromWebview =
  | { type: 'ready' }
  | { type: 'invoke'; payload: string }
  | { type: 'cancel' }
  | { type: 'save'; payload: string };

interface HistoryEntry {
  at: string;
  payload: string;
  outcome?: InvokeOutcome;
  error?: string;
}

export class InvokePanel implements vscode.Disposable {
  private static readonly open = new Map<string, InvokePanel>();
  private readonly panel: vscode.WebviewPanel;
  private readonly history: HistoryEntry[] = [];
  private running: AbortController | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  /** The open panels by key (`local:<template uri>#<id>`, `aws:<target>:<name>`): for `exports.test`. */
  static panels(): ReadonlyMap<string, InvokePanel> {
    return InvokePanel.open;
  }

  /** One panel per function and place: showing it again brings it forward. */
  static show(
    key: string,
    target: InvokeTarget,
    payloads: PayloadSource,
    extensionUri: vscode.Uri,
  ): InvokePanel {
    const existing = InvokePanel.open.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = new InvokePanel(key, target, payloads, extensionUri);
    InvokePanel.open.set(key, panel);
    return panel;
  }

  private constructor(
    private readonly key: string,
    private readonly target: InvokeTarget,
    private readonly payloads: PayloadSource,
    extensionUri: vscode.Uri,
  ) {
    const media = vscode.Uri.joinPath(extensionUri, 'media', 'invoke');
    this.panel = vscode.window.createWebviewPanel(
      'ownless.invoke',
      `Invoke ${target.title}`,
      vscode.ViewColumn.Beside,
      {
        enableScripts: true,
        localResourceRoots: [media],
        retainContextWhenHidden: true,
      },
    );
    this.panel.webview.html = this.html(media);
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((message: FromWebview) => void this.receive(message)),
    );
  }

  private html(media: vscode.Uri): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'invoke.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'invoke.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      `img-src ${webview.cspSource}`,
    ].join('; ');
    const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Invoke ${escape(this.target.title)}</title>
</head>
<body>
<header><h1>${escape(this.target.title)}</h1><span class="where">${escape(this.target.where)}</span></header>
<section class="payload">
  <label for="choice">Event</label>
  <select id="choice"></select>
  <textarea id="payload" spellcheck="false" aria-label="Payload (JSON)">{}</textarea>
  <div class="buttons">
    <button id="invoke">Invoke</button>
    <button id="cancel" class="secondary" disabled>Cancel</button>
    <button id="save" class="secondary">Save as event…</button>
    <span id="progress" role="status"></span>
  </div>
</section>
<section class="result" aria-live="polite">
  <h2>Result</h2>
  <dl id="metrics"></dl>
  <h3>Response</h3>
  <pre id="response" tabindex="0"></pre>
  <h3>Logs</h3>
  <pre id="logs" tabindex="0"></pre>
</section>
<section class="history">
  <h2>Last invokes</h2>
  <ol id="history"></ol>
</section>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  private post(message: unknown): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post({ type: 'choices', choices: await this.payloads.choices().catch(() => []) });
        this.post({ type: 'history', history: this.history });
        return;
      case 'cancel':
        this.running?.abort();
        return;
      case 'save': {
        const name = await vscode.window.showInputBox({
          title: 'Save this payload as an event',
          prompt: 'A name for the event file (letters, digits, - and _)',
          validateInput: (v) => (/^[\w-]+$/.test(v) ? undefined : 'Use letters, digits, - and _ only'),
        });
        if (!name) return;
        try {
          const where = await this.payloads.save(name, message.payload);
          void vscode.window.showInformationMessage(`Ownless: saved the event as ${where}`);
          this.post({ type: 'choices', choices: await this.payloads.choices() });
        } catch (e) {
          void vscode.window.showErrorMessage(`Ownless: ${(e as Error).message}`);
        }
        return;
      }
      case 'invoke':
        await this.invoke(message.payload);
    }
  }

  /** Runs one invoke; exported for the extension's commands and tests. */
  async invoke(payload: string): Promise<HistoryEntry> {
    const entry: HistoryEntry = { at: new Date().toISOString(), payload };
    try {
      JSON.parse(payload);
    } catch (e) {
      entry.error = `The payload is not JSON: ${(e as Error).message}`;
      this.post({ type: 'error', message: entry.error });
      return entry;
    }
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    this.post({ type: 'running' });
    try {
      entry.outcome = await this.target.invoke(payload, controller.signal, (elapsed) =>
        this.post({ type: 'progress', elapsed }),
      );
      this.post({ type: 'result', outcome: entry.outcome });
    } catch (e) {
      entry.error = controller.signal.aborted ? 'Cancelled.' : (e as Error).message;
      const nextStep = (e as { nextStep?: string }).nextStep;
      this.post({ type: 'error', message: nextStep ? `${entry.error} ${nextStep}` : entry.error });
    } finally {
      if (this.running === controller) this.running = undefined;
    }
    this.history.unshift(entry);
    this.history.length = Math.min(this.history.length, HISTORY);
    this.post({ type: 'history', history: this.history });
    return entry;
  }

  dispose(): void {
    this.running?.abort();
    InvokePanel.open.delete(this.key);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
