/**
 * The child process of one execution environment: spawned in its own process group (so that stopping
 * it also stops what a custom bootstrap started), its output read as whole lines, its memory measured
 * from outside, and killed on demand. What the output and the exit mean for an invocation is the
 * environment's business (see ExecutionEnvironment).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { LaunchPlan } from './launch';
import { MEMORY_POLL_MS, MemoryProbe } from './memory';

/** What the process reports to its environment. */
export interface ProcessHooks {
  /** A whole line (with its `\n`) that the process printed on stdout or stderr. */
  line(text: string): void;
  /** The process ended (or could not start: `error`); called once, after the last line. */
  exited(code: number | null, signal: NodeJS.Signals | null, error?: Error): void;
}

/** A running runtime process of an execution environment; it is spawned by the constructor. */
export class EnvironmentProcess {
  /** Settles once the process has ended and its environment has been told. */
  readonly closed: Promise<void>;
  private readonly child: ChildProcess;
  private running = true;
  private killRequested = false;
  private partialLine = '';
  private peakKiB = 0;
  private memoryTimer?: NodeJS.Timeout;
  private memoryProbe?: MemoryProbe;
  private sampling = false;

  /** Spawns the plan's command with `env`, in the plan's task root. */
  constructor(plan: LaunchPlan, env: NodeJS.ProcessEnv, hooks: ProcessHooks) {
    const child = spawn(plan.command, plan.args, {
      cwd: plan.taskRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    this.child = child;
    if (child.pid !== undefined) this.memoryProbe = new MemoryProbe(child.pid);
    child.stdout?.setEncoding('utf8').on('data', (text: string) => this.output(text, hooks));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => this.output(text, hooks));
    this.closed = new Promise((resolve) => {
      let done = false;
      const end = (code: number | null, signal: NodeJS.Signals | null, error?: Error): void => {
        if (done) return;
        done = true;
        this.ended(hooks);
        hooks.exited(code, signal, error);
        resolve();
      };
      child.once('close', (code, signal) => end(code, signal));
      child.once('error', (error) => end(null, null, error));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Not yet ended. */
  get alive(): boolean {
    return this.running;
  }

  /** Kill was asked for while it ran. */
  get killed(): boolean {
    return this.killRequested;
  }

  /** The largest resident set seen (or the OS's peak), in MB. */
  get maxMemoryUsedMB(): number {
    return Math.ceil(this.peakKiB / 1024);
  }

  /** SIGKILL to the whole process group. */
  kill(): void {
    const child = this.child;
    if (!this.running || child.pid === undefined) return;
    this.killRequested = true;
    try {
      if (process.platform === 'win32') child.kill('SIGKILL');
      else process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }

  /**
   * Samples memory every MEMORY_POLL_MS until stopMemoryWatch, one sample at a time; `check` sees
   * each resident set (KiB).
   */
  startMemoryWatch(check: (rssKiB: number) => void): void {
    if (this.memoryTimer) return;
    this.memoryTimer = setInterval(() => void this.watchedSample(check), MEMORY_POLL_MS);
    this.memoryTimer.unref();
  }

  stopMemoryWatch(): void {
    clearInterval(this.memoryTimer);
    this.memoryTimer = undefined;
  }

  /** Reads the memory once and updates the peak; the resident set in KiB, if it could be read. */
  async sampleMemory(): Promise<number | undefined> {
    const probe = this.memoryProbe;
    if (!probe || !this.running) return undefined;
    const sample = await probe.sample();
    if (!sample) return undefined;
    this.peakKiB = Math.max(this.peakKiB, sample.peakKiB ?? 0, sample.rssKiB);
    return sample.rssKiB;
  }

  private async watchedSample(check: (rssKiB: number) => void): Promise<void> {
    if (!this.memoryProbe || !this.running || this.sampling) return;
    this.sampling = true;
    const rssKiB = await this.sampleMemory();
    this.sampling = false;
    if (rssKiB !== undefined) check(rssKiB);
  }

  private output(text: string, hooks: ProcessHooks): void {
    const lines = (this.partialLine + text).split('\n');
    this.partialLine = lines.pop() ?? '';
    for (const line of lines) hooks.line(`${line}\n`);
  }

  private ended(hooks: ProcessHooks): void {
    this.running = false;
    if (this.partialLine) {
      const rest = this.partialLine;
      this.partialLine = '';
      hooks.line(`${rest}\n`);
    }
    this.stopMemoryWatch();
    this.memoryProbe?.close();
  }
}
