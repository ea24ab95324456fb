/**
 * Who is at the other end of a loopback TCP connection. The Runtime API's endpoint is a bare
 * `host:port`, as Lambda documents it (AWS's runtime interface clients refuse anything else), so no
 * secret travels with a request: a connection is accepted only when the process that opened it runs as
 * the same OS user as Ownless. That is the boundary that matters on a shared machine: a process of the
 * same user could read the environment's variables (and so any secret in them) or ptrace it anyway.
 *
 * Linux: /proc/net/tcp lists every socket of the network namespace with its owner's uid (readable by
 * anyone, one small file read per connection). macOS: `lsof`, which shows a non-root user only their own
 * processes' sockets and prints the owner otherwise. Windows: `netstat -ano` gives the owning process,
 * which must be the environment's own (Windows has no uid to compare; a runtime there is the process
 * Ownless spawned).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';

/** What is known of a connection's peer from inside this process. */
export interface LoopbackConnection {
  /** The peer's port (its end of the connection). */
  peerPort: number;
  /** Our listening port (the other end). */
  localPort: number;
}

/** 127.0.0.1 as /proc/net/tcp prints it on little- and big-endian machines. */
const LOOPBACK_HEX = new Set(['0100007F', '7F000001']);

/**
 * The uid owning the socket `127.0.0.1:peerPort → 127.0.0.1:localPort` in /proc/net/tcp text; undefined
 * when no such socket is listed.
 */
export function ownerFromProcNetTcp(
  text: string,
  { peerPort, localPort }: LoopbackConnection,
): number | undefined {
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const [localAddress, localPortHex] = fields[1].split(':');
    const [remoteAddress, remotePortHex] = fields[2].split(':');
    if (!LOOPBACK_HEX.has(localAddress) || !LOOPBACK_HEX.has(remoteAddress)) continue;
    if (parseInt(localPortHex, 16) !== peerPort || parseInt(remotePortHex, 16) !== localPort) continue;
    const uid = Number(fields[7]);
    return Number.isInteger(uid) ? uid : undefined;
  }
  return undefined;
}

/** The uid in `lsof -F un` output whose socket is `127.0.0.1:peerPort->127.0.0.1:localPort`. */
export function ownerFromLsof(text: string, { peerPort, localPort }: LoopbackConnection): number | undefined {
  const wanted = `127.0.0.1:${peerPort}->127.0.0.1:${localPort}`;
  let uid: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('p')) uid = undefined;
    else if (line.startsWith('u')) uid = Number(line.slice(1));
    else if (line.startsWith('n') && line.slice(1).trim() === wanted) return uid;
  }
  return undefined;
}

/** The process id `netstat -ano -p TCP` gives for the socket `127.0.0.1:peerPort → 127.0.0.1:localPort`. */
export function pidFromNetstat(
  text: string,
  { peerPort, localPort }: LoopbackConnection,
): number | undefined {
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5 || fields[0] !== 'TCP') continue;
    if (fields[1] === `127.0.0.1:${peerPort}` && fields[2] === `127.0.0.1:${localPort}`) {
      const pid = Number(fields[4]);
      return Number.isInteger(pid) ? pid : undefined;
    }
  }
  return undefined;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, { windowsHide: true, timeout: 5000, maxBuffer: 16 * 1024 * 1024 }, (_e, stdout) =>
      resolve(stdout ?? ''),
    );
  });
}

/**
 * Whether the peer of `socket` (a connection accepted on 127.0.0.1) belongs to this OS user, or on
 * Windows is the process `expectedPid()`. Anything that cannot be established is a refusal.
 */
export async function isOwnPeer(socket: Socket, expectedPid: () => number | undefined): Promise<boolean> {
  const connection = { peerPort: socket.remotePort ?? -1, localPort: socket.localPort ?? -1 };
  if (socket.remoteAddress !== '127.0.0.1' || connection.peerPort < 0 || connection.localPort < 0)
    return false;
  try {
    if (process.platform === 'linux') {
      const text = await readFile('/proc/net/tcp', 'latin1');
      return ownerFromProcNetTcp(text, connection) === process.getuid?.();
    }
    if (process.platform === 'darwin') {
      const text = await run('lsof', ['-nP', `-iTCP@127.0.0.1:${connection.peerPort}`, '-F', 'un']);
      return ownerFromLsof(text, connection) === process.getuid?.();
    }
    if (process.platform === 'win32') {
      const pid = pidFromNetstat(await run('netstat', ['-ano', '-p', 'TCP']), connection);
      return pid !== undefined && pid === expectedPid();
    }
  } catch {
    return false;
  }
  return false;
}
