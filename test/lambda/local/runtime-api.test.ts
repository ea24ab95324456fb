/**
 * The Runtime API's endpoint and who may use it: each environment gets `127.0.0.1:PORT` of its own (the
 * `host:port` Lambda documents), and a connection is served only when its process belongs to this OS
 * user (loopback-peer); the parsers of what each OS says about a connection's owner are checked on
 * sample output.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ownerFromLsof, ownerFromProcNetTcp, pidFromNetstat } from '../../../src/lambda/local/loopback-peer';
import {
  type RuntimeApiEndpoint,
  type RuntimeApiOwner,
  RuntimeApiServer,
} from '../../../src/lambda/local/runtime-api';

/** An environment that only answers `…/ownless/start`. */
function standIn(): RuntimeApiOwner {
  return {
    pid: undefined,
    awaitStart: (begin) => void begin(),
    next: () => undefined,
    response: () => false,
    error: () => false,
    initError: () => undefined,
  };
}

let server: RuntimeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** GET `path` from a child process (as `uid` when given); resolves with the status it saw. */
async function getFromChild(address: string, path: string, uid?: number): Promise<number> {
  const script = `fetch('http://${address}${path}').then((r) => console.log(r.status), () => console.log(0))`;
  const child = spawn(process.execPath, ['-e', script], { uid, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await once(child, 'close');
  return Number(out.trim());
}

describe('the Runtime API endpoint', () => {
  it('is host:port, a port per environment', async () => {
    server = new RuntimeApiServer();
    const [a, b]: RuntimeApiEndpoint[] = await Promise.all([
      server.register(standIn()),
      server.register(standIn()),
    ]);
    expect(a.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(b.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(a.address).not.toBe(b.address);
    expect(await getFromChild(a.address, '/ownless/start')).toBe(200);
    await a.close();
    expect(await getFromChild(a.address, '/ownless/start')).toBe(0); // closed with its environment
    expect(await getFromChild(b.address, '/ownless/start')).toBe(200);
  });

  it.runIf(process.platform === 'linux' && process.getuid?.() === 0)(
    "refuses another OS user's process",
    async () => {
      server = new RuntimeApiServer();
      const endpoint = await server.register(standIn());
      expect(await getFromChild(endpoint.address, '/ownless/start', 65534)).toBe(403);
      expect(await getFromChild(endpoint.address, '/ownless/start')).toBe(200);
    },
  );
});

describe("a loopback connection's owner", () => {
  const connection = { peerPort: 0xc350, localPort: 0x1f90 }; // 50000 → 8080

  it('is read from /proc/net/tcp (Linux)', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1',
      '   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1',
      '   2: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 3 1',
    ].join('\n');
    expect(ownerFromProcNetTcp(text, connection)).toBe(1000);
    expect(ownerFromProcNetTcp(text, { peerPort: 50001, localPort: 8080 })).toBeUndefined();
  });

  it('is read from lsof -F un (macOS), never from our own end of the connection', () => {
    const text = [
      'p100',
      'u0',
      'f5',
      'n127.0.0.1:8080->127.0.0.1:50000',
      'p200',
      'u501',
      'f7',
      'n127.0.0.1:50000->127.0.0.1:8080',
    ].join('\n');
    expect(ownerFromLsof(text, connection)).toBe(501);
    expect(ownerFromLsof(text.split('\np200')[0], connection)).toBeUndefined();
  });

  it('is a process id from netstat -ano (Windows)', () => {
    const text = [
      '  Proto  Local Address          Foreign Address        State           PID',
      '  TCP    127.0.0.1:8080         127.0.0.1:50000        ESTABLISHED     4242',
      '  TCP    127.0.0.1:50000        127.0.0.1:8080         ESTABLISHED     1234',
    ].join('\r\n');
    expect(pidFromNetstat(text, connection)).toBe(1234);
  });
});
