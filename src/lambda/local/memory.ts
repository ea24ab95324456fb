/**
 * Memory of an execution environment's process, measured from outside it: Linux's /proc gives the
 * resident set and its peak (VmHWM, what Lambda reports as Max Memory Used); elsewhere `ps` gives the
 * resident set and the peak is the largest one seen.
 */
import { execFile } from 'node:child_process';
import { type FileHandle, open } from 'node:fs/promises';

export interface MemorySample {
  /** Resident set now, in KiB. */
  rssKiB: number;
  /** Peak resident set, in KiB, when the OS keeps it. */
  peakKiB?: number;
}

function field(status: string, name: string): number | undefined {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : undefined;
}

function sampleWithPs(pid: number): Promise<MemorySample | undefined> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], (error, stdout) => {
      const rssKiB = Number(stdout.trim());
      resolve(error || !Number.isFinite(rssKiB) || rssKiB <= 0 ? undefined : { rssKiB });
    });
  });
}

/**
 * Samples one process. On Linux it keeps /proc/PID/status open and reads it again from offset 0 (the
 * kernel writes it afresh on each such read): one read per sample instead of open, stat, read and close,
 * which matters because every invocation ends with a sample.
 */
export class MemoryProbe {
  private handle?: Promise<FileHandle | undefined>;
  private closed = false;

  constructor(private readonly pid: number) {}

  async sample(): Promise<MemorySample | undefined> {
    if (this.closed) return undefined;
    if (process.platform === 'win32') return undefined;
    if (process.platform !== 'linux') return sampleWithPs(this.pid);
    this.handle ??= open(`/proc/${this.pid}/status`, 'r').catch(() => undefined);
    const handle = await this.handle;
    if (!handle || this.closed) return undefined;
    try {
      // A buffer per read: the periodic check and the one at the end of an invocation may overlap.
      const buffer = Buffer.allocUnsafe(4096);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const status = buffer.toString('latin1', 0, bytesRead);
      const rssKiB = field(status, 'VmRSS');
      return rssKiB === undefined ? undefined : { rssKiB, peakKiB: field(status, 'VmHWM') };
    } catch {
      return undefined; // the process is gone
    }
  }

  /** Closes the file (the process has exited). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.handle?.then((handle) => handle?.close()).catch(() => undefined);
  }
}

/** One sample of a process (for callers that do not keep a probe). */
export async function sampleMemory(pid: number): Promise<MemorySample | undefined> {
  const probe = new MemoryProbe(pid);
  try {
    return await probe.sample();
  } finally {
    probe.close();
  }
}

/** How often a busy environment's memory is checked against its MemorySize. */
export const MEMORY_POLL_MS = process.platform === 'linux' ? 50 : 250;
