/**
 * The local runtime inside the extension host: started on first use with the workspace's templates
 * and the `ownless.local.*` settings (read then: a change applies when it next starts), reloaded when
 * the templates change, stopped with the extension. Never started in an untrusted workspace.
 */
import * as vscode from 'vscode';
import { LocalRuntime } from '../lambda/local';
import type { FunctionSummary } from '../lambda/local';

/** `ownless.local.prewarm`: a whole number, 0 or more; anything else leaves the runtime's default (2). */
function prewarmSetting(): number | undefined {
  const value = vscode.workspace.getConfiguration('ownless.local').get<unknown>('prewarm');
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

export class LocalRuntimeHost implements vscode.Disposable {
  private runtime: Promise<LocalRuntime> | undefined;
  private startedWith: { prewarm: number | undefined } | undefined;
  private templates: string[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private subscription: { dispose(): void } | undefined;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly cacheDir: string,
  ) {}

  get started(): boolean {
    return this.runtime !== undefined;
  }

  /** The settings the running runtime was started with (for tests); undefined when it is not running. */
  get options(): { prewarm: number | undefined } | undefined {
    return this.runtime && this.startedWith;
  }

  /** The runtime, started if needed. Throws in an untrusted workspace: it executes workspace code. */
  get(): Promise<LocalRuntime> {
    if (!vscode.workspace.isTrusted)
      return Promise.reject(new Error('the local runtime runs workspace code: trust the workspace first'));
    if (this.runtime) return this.runtime;
    const prewarm = prewarmSetting();
    this.startedWith = { prewarm };
    this.runtime = LocalRuntime.start({ templates: this.templates, cacheDir: this.cacheDir, prewarm }).then(
      (runtime) => {
        for (const warning of runtime.warnings) this.output.warn(warning);
        this.subscription = runtime.onDidChange(() => this.changed.fire());
        runtime.onLog((event) => this.output.info(`[${event.functionName}] ${event.line}`));
        this.output.info(`local runtime listening on ${runtime.endpoint} (prewarm: ${prewarm ?? 'default'})`);
        this.changed.fire();
        return runtime;
      },
      (e) => {
        this.runtime = undefined;
        throw e;
      },
    );
    return this.runtime;
  }

  /** The workspace's templates changed: a running runtime reloads them (warm environments end). */
  async setTemplates(templates: string[]): Promise<void> {
    this.templates = templates;
    if (this.runtime) await (await this.runtime).reload(templates);
    this.changed.fire();
  }

  async functions(): Promise<FunctionSummary[]> {
    return this.runtime ? (await this.runtime).functions() : [];
  }

  async dispose(): Promise<void> {
    this.subscription?.dispose();
    const runtime = this.runtime;
    this.runtime = undefined;
    if (runtime) await (await runtime).stop();
    this.changed.dispose();
  }
}
