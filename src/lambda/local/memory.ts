/**
 * Memory of an execution environment's process, measured from outside it: Linux's /proc gives the
 * resident set and its peak (VmHWM, what Lambda reports as Max Memory Used); elsewhere `ps` gives the
 * resident set and the peak is the largest one seen.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

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

export async function sampleMemory(pid: number): Promise<MemorySample | undefined> {
  if (process.platform === 'linux') {
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const rssKiB = field(status, 'VmRSS');
      return rssKiB === undefined ? undefined : { rssKiB, peakKiB: field(status, 'VmHWM') };
    } catch {
      return undefined; // the process is gone
    }
  }
  if (process.platform === 'win32') return undefined;
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], (error, stdout) => {
      const rssKiB = Number(stdout.trim());
      resolve(error || !Number.isFinite(rssKiB) || rssKiB <= 0 ? undefined : { rssKiB });
    });
  });
}

/** How often a busy environment's memory is checked against its MemorySize. */
export const MEMORY_POLL_MS = process.platform === 'linux' ? 50 : 250;
