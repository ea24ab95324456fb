/**
 * A minimal LSP client for tests: starts the real server (`ownless lsp --stdio` from dist/) as a child
 * process and speaks JSON-RPC to it, answering the requests a client must answer and recording the
 * notifications it gets, with waits on events instead of sleeps.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { StatusParams } from '../../src/server/protocol';

export const CLI = resolve(__dirname, '../../dist/cli.js');

export interface ClientOptions {
  rootPath?: string;
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
}

type Waiter = { check: () => boolean; resolve: () => void };

export class TestClient {
  readonly connection: MessageConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly shownDocuments: string[] = [];
  readonly registrations: string[] = [];
  readonly logs: string[] = [];
  status: StatusParams | undefined;
  functionsChanged = 0;
  settings: Record<string, unknown>;
  private readonly documents = new Map<string, TextDocument>();
  private readonly waiters: Waiter[] = [];
  private stderr = '';
  exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
    child.stderr!.on('data', (chunk) => (this.stderr += String(chunk)));
    this.exited = new Promise((done) => child.on('exit', (code) => done(code)));
    this.connection = createMessageConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.notify();
    });
    this.connection.onNotification('ownless/status', (params: StatusParams) => {
      this.status = params;
      this.notify();
    });
    this.connection.onNotification('ownless/functionsChanged', () => {
      this.functionsChanged++;
      this.notify();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onNotification('window/showMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onRequest('workspace/configuration', (p: unknown) =>
      (p as { items: unknown[] }).items.map(() => this.settings),
    );
    this.connection.onRequest('client/registerCapability', (p: unknown) => {
      const { registrations } = p as { registrations: { method: string }[] };
      this.registrations.push(...registrations.map((r) => r.method));
      this.notify();
      return null;
    });
    this.connection.onRequest('window/showDocument', (p: unknown) => {
      this.shownDocuments.push((p as { uri: string }).uri);
      this.notify();
      return { success: true };
    });
    this.connection.onRequest('window/showMessageRequest', () => null);
    this.connection.listen();
  }

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new TestClient(child, options);
    const rootUri = options.rootPath ? `file://${options.rootPath}` : null;
    client.initializeResult = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
          applyEdit: true,
        },
        textDocument: {
          publishDiagnostics: {
            relatedInformation: true,
            versionSupport: true,
            codeDescriptionSupport: true,
          },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
        window: { showDocument: { support: true } },
      },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  initializeResult: InitializeResult | undefined;

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves once `check` holds (re-checked on every message from the server). */
  until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting for ${what}; server stderr:\n${this.stderr}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Diagnostics published for `version` of a document (or any, for closed files). */
  async diagnosticsFor(uri: string, version?: number): Promise<Diagnostic[]> {
    await this.until(
      () =>
        this.diagnostics.has(uri) &&
        (version === undefined || this.diagnostics.get(uri)!.version === version),
      `diagnostics for ${uri}${version === undefined ? '' : ` v${version}`}`,
    );
    return this.diagnostics.get(uri)!.diagnostics;
  }

  async open(uri: string, text: string, languageId = 'yaml'): Promise<Diagnostic[]> {
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    this.diagnostics.delete(uri);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
    return this.diagnosticsFor(uri, 1);
  }

  text(uri: string): string {
    return this.documents.get(uri)!.getText();
  }

  /** Applies edits to the client's copy and sends them as an incremental change; returns the new diagnostics. */
  async edit(uri: string, edits: TextEdit[]): Promise<Diagnostic[]> {
    const document = this.documents.get(uri)!;
    const version = document.version + 1;
    // Send each edit against the text as it is when that edit applies: last edit first.
    const ordered = [...edits].sort(
      (a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character,
    );
    const updated = TextDocument.update(
      document,
      ordered.map((e) => ({ range: e.range, text: e.newText })),
      version,
    );
    this.documents.set(uri, updated);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: ordered.map((e) => ({ range: e.range, text: e.newText })),
    });
    return this.diagnosticsFor(uri, version);
  }

  async applyWorkspaceEdit(edit: WorkspaceEdit): Promise<Diagnostic[]> {
    const [[uri, edits]] = Object.entries(edit.changes ?? {});
    return this.edit(uri, edits);
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  get serverErrors(): string {
    return this.stderr;
  }
}
