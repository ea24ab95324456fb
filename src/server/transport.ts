/**
 * The server's end of the wire, hardened: whatever arrives, the process keeps serving or ends
 * cleanly. vscode-jsonrpc's own stream reader drops a body that is not JSON without an answer, and on
 * a header it cannot read it logs and then reads the rest of the stream out of step, answering
 * nothing ever again (a deaf server the client does not restart). Here, over stdio:
 * - a frame whose header has no readable Content-Length (or one over MAX_MESSAGE_BYTES) ends the
 *   stream: one line on stderr and exit 1, so the client sees the server stop and restarts it;
 * - a body that is not JSON is answered -32700 (Parse error), one that is no JSON-RPC message -32600
 *   (Invalid Request), and a request whose params do not fit -32602 (Invalid params, ./params);
 *   a notification that does not fit is dropped and logged. The connection goes on in each case.
 * Over IPC (the VS Code extension) messages arrive already parsed: only the last two checks apply.
 */
import {
  AbstractMessageReader,
  type DataCallback,
  type Disposable,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  type Message,
  type MessageReader,
  type MessageWriter,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { paramsProblem } from './params';

/** Larger bodies are refused as a framing error (a workspace's largest template is far smaller). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** A header longer than this without its blank line is not a header. */
const MAX_HEADER_BYTES = 64 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n');

type Reply = (message: Message) => void;

/** Answers what must not reach the handlers; passes the rest on. Sees `shutdown` go by. */
class Gate {
  shutdownReceived = false;

  constructor(
    private readonly reply: Reply,
    private readonly log: (line: string) => void,
  ) {}

  error(id: number | string | null, code: number, message: string): void {
    this.reply({ jsonrpc: '2.0', id, error: { code, message } } as Message);
  }

  /** The message to hand on, or undefined when it was answered (or dropped) here. */
  admit(value: unknown): Message | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.error(null, ErrorCodes.InvalidRequest, 'Invalid Request: a message must be a JSON object');
      return undefined;
    }
    const message = value as {
      id?: unknown;
      method?: unknown;
      params?: unknown;
      result?: unknown;
      error?: unknown;
    };
    const id = typeof message.id === 'number' || typeof message.id === 'string' ? message.id : null;
    const isResponse = message.method === undefined && ('result' in message || 'error' in message);
    if (isResponse) return value as Message;
    if (typeof message.method !== 'string') {
      this.error(
        id,
        ErrorCodes.InvalidRequest,
        'Invalid Request: no method (a string) and no result or error',
      );
      return undefined;
    }
    const problem =
      message.params !== undefined && typeof message.params !== 'object'
        ? 'params must be an object or an array'
        : paramsProblem(message.method, message.params);
    if (problem) {
      if ('id' in message)
        this.error(id, ErrorCodes.InvalidParams, `Invalid params for ${message.method}: ${problem}`);
      else this.log(`ignored ${message.method}: invalid params: ${problem}`);
      return undefined;
    }
    if (message.method === 'shutdown') this.shutdownReceived = true;
    return value as Message;
  }
}

/** Frames from a byte stream (stdin): Content-Length headers, then that many bytes of UTF-8 JSON. */
class FramedReader extends AbstractMessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private stopped = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly gate: Gate,
    private readonly onFramingError: (reason: string) => void,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer): void => this.onData(chunk, callback);
    const onEnd = (): void => this.fireClose();
    this.input.on('data', onData);
    this.input.on('end', onEnd);
    this.input.on('close', onEnd);
    this.input.on('error', (error: Error) => this.fireError(error));
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('end', onEnd);
        this.input.off('close', onEnd);
      },
    };
  }

  private stop(reason: string): void {
    this.stopped = true;
    this.buffer = Buffer.alloc(0);
    this.onFramingError(reason);
  }

  private onData(chunk: Buffer, callback: DataCallback): void {
    if (this.stopped) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const end = this.buffer.indexOf(HEADER_END);
      if (end === -1) {
        if (this.buffer.length > MAX_HEADER_BYTES) this.stop('a header without its end');
        return;
      }
      const length = contentLength(this.buffer.subarray(0, end).toString('ascii'));
      if (typeof length === 'string') return this.stop(length);
      const start = end + HEADER_END.length;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch (error) {
        this.gate.error(null, ErrorCodes.ParseError, `Parse error: ${(error as Error).message}`);
        continue;
      }
      const admitted = this.gate.admit(parsed);
      if (admitted) callback(admitted);
    }
  }
}

/** The Content-Length of a header block, or what is wrong with it. */
function contentLength(header: string): number | string {
  let length: number | string = 'a header without Content-Length';
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `a header line that is not "Name: value" (${JSON.stringify(line.slice(0, 80))})`;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,12}$/.test(value))
      return `Content-Length ${JSON.stringify(value.slice(0, 40))} is not a number`;
    length = Number(value);
    if (length > MAX_MESSAGE_BYTES) return `Content-Length ${value} is over ${MAX_MESSAGE_BYTES} bytes`;
  }
  return length;
}

/** Checks messages another reader has already parsed (IPC). */
class GatedReader extends AbstractMessageReader {
  constructor(
    private readonly inner: MessageReader,
    private readonly gate: Gate,
  ) {
    super();
    inner.onError((error) => this.fireError(error));
    inner.onClose(() => this.fireClose());
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      const admitted = this.gate.admit(message);
      if (admitted) callback(admitted);
    });
  }
}

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  /** True for stdio: console output must not reach stdout, which carries the protocol. */
  stdio: boolean;
}

/**
 * The transport named on the command line (`--stdio` or `--node-ipc`), hardened; undefined for the
 * others (sockets, pipes), which vscode-languageserver sets up itself. The process exits when the
 * stream ends: 0 after a `shutdown` request, else 1 (as the LSP specification asks), and 1 at once on
 * a framing error.
 */
export function hardenedTransport(argv: readonly string[]): Transport | undefined {
  const stdio = argv.includes('--stdio');
  if (!stdio && !argv.includes('--node-ipc')) return undefined;
  const writer = stdio ? new StreamMessageWriter(process.stdout) : new IPCMessageWriter(process);
  const log = (line: string): void => void process.stderr.write(`ownless lsp: ${line}\n`);
  const gate = new Gate((message) => void writer.write(message).catch(() => undefined), log);
  const reader = stdio
    ? new FramedReader(process.stdin, gate, (reason) => {
        log(`framing error: ${reason}; closing the connection (the client restarts the server)`);
        process.exit(1);
      })
    : new GatedReader(new IPCMessageReader(process), gate);
  reader.onClose(() => process.exit(gate.shutdownReceived ? 0 : 1));
  // A client that went away while the server answered: end like a closed input.
  if (stdio) process.stdout.on('error', () => process.exit(gate.shutdownReceived ? 0 : 1));
  return { reader, writer, stdio };
}
