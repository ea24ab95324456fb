/**
 * The local runtime inside the extension host: started on first use with the workspace's templates
 * and the `ownless.local.*` settings (read then: a change applies when it next starts), reloaded when
 * the templates change, stopped with the extension. Never started in an untrusted workspace.
 */
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { LocalRuntime, withoutHostCredentials } from '../lambda/local';
import type { FunctionSummary } from '../lambda/local';

/** `ownless.local.prewarm`: a whole number, 0 or more; anything else leaves the runtime's default (2). */
function prewarmSetting(): number | undefined {
  const value = vscode.workspace.getConfiguration('ownless.local').get<unknown>('prewarm');
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

/**
 * `ownless.local.runtimes`: runtime → binary. Entries that are not a Node.js or Python runtime and an
 * absolute path are left out, and said in the output (a workspace cannot name one: the setting is
 * machine-overridable and restricted in untrusted workspaces, since it names programs to run).
 */
function runtimesSetting(output: vscode.LogOutputChannel): Record<string, string> {
  const value = vscode.workspace.getConfiguration('ownless.local').get<unknown>('runtimes');
  const runtimes: Record<string, string> = {};
  if (!value || typeof value !== 'object') return runtimes;
  for (const [runtime, binary] of Object.entries(value as Record<string, unknown>)) {
    if (/^(nodejs\d+\.x|python3\.\d+)$/.test(runtime) && typeof binary === 'string' && isAbsolute(binary))
      runtimes[runtime] = binary;
    else
      output.warn(
        `ownless.local.runtimes: ${runtime} is left out: it takes a Node.js or Python runtime (nodejs22.x, python3.12) and the absolute path of its binary`,
      );
  }
  return runtimes;
}

/** `ownless.local.hostCredentials`: false withholds the developer's AWS credentials from functions. */
function hostCredentialsSetting(): boolean {
  return vscode.workspace.getConfiguration('ownless.local').get<unknown>('hostCredentials') !== false;
}

export class LocalRuntimeHost implements vscode.Disposable {
  private runtime: Promise<LocalRuntime> | undefined;
  private startedWith: { prewarm: number | undefined; hostCredentials: boolean } | undefined;
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
  get options(): { prewarm: number | undefined; hostCredentials: boolean } | undefined {
    return this.runtime && this.startedWith;
  }

  /** The runtime, started if needed. Throws in an untrusted workspace: it executes workspace code. */
  get(): Promise<LocalRuntime> {
    if (!vscode.workspace.isTrusted)
      return Promise.reject(new Error('the local runtime runs workspace code: trust the workspace first'));
    if (this.runtime) return this.runtime;
    const prewarm = prewarmSetting();
    const runtimes = runtimesSetting(this.output);
    const hostCredentials = hostCredentialsSetting();
    this.startedWith = { prewarm, hostCredentials };
    this.runtime = LocalRuntime.start({
      templates: this.templates,
      cacheDir: this.cacheDir,
      prewarm,
      runtimes,
      env: hostCredentials ? undefined : withoutHostCredentials(process.env),
    }).then(
      (runtime) => {
        for (const warning of runtime.warnings) this.output.warn(warning);
        this.subscription = runtime.onDidChange(() => this.changed.fire());
        runtime.onLog((event) => this.output.info(`[${event.functionName}] ${event.line}`));
        this.output.info(`local runtime listening on ${runtime.endpoint} (prewarm: ${prewarm ?? 'default'})`);
        this.output.info(
          hostCredentials
            ? 'functions run with your own AWS credentials, as under sam local (setting ownless.local.hostCredentials)'
            : "functions run without your AWS credentials: only the template's variables (ownless.local.hostCredentials)",
        );
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
