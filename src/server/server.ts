/**
 * The Ownless language server: wires LSP requests to the analysis. Runs over IPC when the VS Code
 * extension starts it, or over stdio as `ownless lsp --stdio` for any LSP editor.
 */
import {
  CONFIG_NAMES,
  type GrammarNeed,
  grammarsReady,
  initGrammars,
  isCodeFile,
  readConfigText,
  terraformNeighbours,
} from '../core';
import { basename } from 'node:path';
import {
  CodeLensRefreshRequest,
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer } from './analysis';
import { FIX_ALL_KIND, codeActions, findTarget, suppressionEdit } from './code-actions';
import { codeLenses } from './code-lens';
import { isCodeDocument } from './code-documents';
import { handlerFileOf } from './handler-file';
import { functionPayloads } from './function-payloads';
import { completeRuleIds } from './completion';
import { configDiagnostics } from './config-diagnostics';
import { ConfigResolver } from './config-resolver';
import { hover } from './hover';
import { forgetFileLookups, onFileLookupsChanged, readOpenDocumentsWith, staleFileLookups } from './lint';
import {
  COMMANDS,
  FUNCTIONS_CHANGED_NOTIFICATION,
  FUNCTIONS_REQUEST,
  type FunctionTarget,
  HANDLER_FILE_REQUEST,
  FUNCTION_PAYLOADS_REQUEST,
  type FunctionPayloads,
  type HandlerFileResult,
  type InitializationOptions,
  STATUS_NOTIFICATION,
  SUPPRESSION_EDIT_REQUEST,
  type SuppressionEditParams,
} from './protocol';
import type { EditorSettings } from './settings';
import { pathToUri, uriToPath } from './uri';

declare const OWNLESS_VERSION: string;
const VERSION = typeof OWNLESS_VERSION === 'string' ? OWNLESS_VERSION : '0.0.0-dev';

/** Handler code files whose changes on disk matter (a handler file's findings, a template's handler check). */
const CODE_FILES_GLOB = '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,py}';

/**
 * Documents the server analyses: templates by extension or language (untitled ones have no name),
 * Terraform files (`.tf`), and code.
 */
const TEMPLATE_NAME = /\.(ya?ml|json|template|tf)$/i;
const TEMPLATE_LANGUAGES = new Set(['yaml', 'json', 'jsonc', 'cloudformation']);

function isConfigFile(uri: string): boolean {
  return CONFIG_NAMES.includes(basename(uri.replace(/[?#].*$/, '')));
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let folders: string[] = [];
  let canFetchSettings = false;
  let canRegisterWatchers = false;
  let canRegisterConfiguration = false;
  let canWatchFolders = false;
  let canRefreshLenses = false;
  let options: InitializationOptions = {};
  const reportedSettingErrors = new Set<string>();

  const configs = new ConfigResolver({
    fetchSettings: async (scopeUri) =>
      canFetchSettings
        ? ((await connection.workspace.getConfiguration({ scopeUri, section: 'ownless' })) as EditorSettings)
        : null,
    // An ownless.yaml on disk is read as the core reads it: regular files only, bounded while reading.
    readText: (path) => documents.get(pathToUri(path))?.getText() ?? readConfigText(path),
    onConfigFile: (state) =>
      void connection.sendDiagnostics({ uri: pathToUri(state.path), diagnostics: configDiagnostics(state) }),
    onSettingsError: (message) => {
      if (reportedSettingErrors.has(message)) return;
      reportedSettingErrors.add(message);
      void connection.window.showWarningMessage(`Ownless: ${message}`);
    },
  });

  // The code parsers (WebAssembly, about 20 MB with every grammar) load on first need, one language
  // at a time: a workspace of templates without handler code never loads them.
  let parserErrorReported = false;
  const loadParsers = async (languages: readonly GrammarNeed[]): Promise<boolean> => {
    if (grammarsReady(languages)) return true;
    try {
      await initGrammars(languages);
    } catch (e) {
      if (!parserErrorReported)
        connection.console.error(`Ownless: handler code is not analysed: ${(e as Error).message}`);
      parserErrorReported = true;
      return false;
    }
    staleFileLookups(); // handler links made without the grammar lack the exports' locations
    return true;
  };
  readOpenDocumentsWith((path) => documents.get(pathToUri(path))?.getText());

  const refreshLenses = (): void => {
    if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };
  const analyzer = new Analyzer({
    documents,
    loadParsers,
    configs,
    publish: (uri, diagnostics, version) => void connection.sendDiagnostics({ uri, diagnostics, version }),
    status: (params) => void connection.sendNotification(STATUS_NOTIFICATION, params),
    functionsChanged: () => {
      void connection.sendNotification(FUNCTIONS_CHANGED_NOTIFICATION);
      // Lens titles carry findings counts (a handler's come from its template): the editor asks again.
      refreshLenses();
    },
    lensesChanged: () => refreshLenses(),
    log: (message) => connection.console.log(message),
  });

  onFileLookupsChanged(() => analyzer.fileLookupsChanged());

  const analysed = (uri: string): boolean => {
    const document = documents.get(uri);
    if (!document || isConfigFile(uri)) return false;
    return (
      TEMPLATE_NAME.test(uri) ||
      (uri.startsWith('untitled:') && TEMPLATE_LANGUAGES.has(document.languageId)) ||
      isCodeDocument(uri, document.languageId)
    );
  };

  const configurationChanged = (): void => {
    configs.clearFiles();
    void analyzer.reanalyzeAll(folders);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canFetchSettings = caps.workspace?.configuration === true;
    canRegisterWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canRegisterConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    canWatchFolders = caps.workspace?.workspaceFolders === true;
    canRefreshLenses = caps.workspace?.codeLens?.refreshSupport === true;
    options = (params.initializationOptions ?? {}) as InitializationOptions;
    folders = (params.workspaceFolders ?? [])
      .map((f) => uriToPath(f.uri))
      .filter((p): p is string => p !== undefined);
    if (folders.length === 0 && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) folders = [root];
    }
    return {
      serverInfo: { name: 'ownless', version: VERSION },
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        completionProvider: { triggerCharacters: [' ', ','] },
        executeCommandProvider: { commands: [COMMANDS.showDocumentation] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
    };
  });

  connection.onInitialized(() => {
    if (canRegisterConfiguration)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'ownless' });
    if (canRegisterWatchers)
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{yaml,yml,json,template,tf,tfvars}' },
          { globPattern: CODE_FILES_GLOB },
        ],
      });
    if (canWatchFolders)
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
        folders = folders.filter((f) => !removed.has(f));
        for (const added of event.added) {
          const path = uriToPath(added.uri);
          if (path) folders.push(path);
        }
        configurationChanged();
      });
    void analyzer.scan(folders);
  });

  connection.onDidChangeConfiguration(() => {
    configs.clearSettings();
    reportedSettingErrors.clear();
    configurationChanged();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    forgetFileLookups();
    let configChanged = false;
    for (const change of changes) {
      if (isConfigFile(change.uri)) {
        configChanged = true;
        continue;
      }
      const path = uriToPath(change.uri);
      // A Terraform folder is one module: the other .tf files read this one (saved, created, deleted).
      if (path) analyzer.neighboursChanged(terraformNeighbours(path));
      if (!path || documents.get(change.uri)) continue;
      if (isCodeFile(path)) analyzer.codeFileChanged(path);
      else if (change.type === FileChangeType.Deleted) analyzer.forget(change.uri);
      else void analyzer.lintFile(path);
    }
    if (configChanged) configurationChanged();
  });

  documents.onDidOpen(({ document }) => {
    if (analysed(document.uri)) analyzer.schedule(document.uri, 0);
  });
  documents.onDidChangeContent(({ document }) => {
    if (isConfigFile(document.uri)) configurationChanged();
    else if (analysed(document.uri)) analyzer.schedule(document.uri);
  });
  documents.onDidClose(({ document }) => {
    if (isConfigFile(document.uri)) configurationChanged();
    else if (analysed(document.uri) || analyzer.last(document.uri)) analyzer.closed(document.uri);
  });

  connection.onCodeAction(async (params, token) => {
    // Fix-all re-lints the document up to ten times: let an already queued cancellation arrive first.
    await new Promise((resolve) => setImmediate(resolve));
    if (token.isCancellationRequested) return [];
    const analysis = analysed(params.textDocument.uri)
      ? await analyzer.current(params.textDocument.uri)
      : undefined;
    if (!analysis || token.isCancellationRequested) return [];
    return codeActions(analysis, params, options.promptsForReason === true, token);
  });

  connection.onHover(async (params, token) => {
    const analysis = analysed(params.textDocument.uri)
      ? await analyzer.current(params.textDocument.uri)
      : undefined;
    if (!analysis || token.isCancellationRequested) return null;
    return hover(analysis, params.position);
  });

  connection.onCodeLens(async (params, token) => {
    const analysis = analysed(params.textDocument.uri)
      ? await analyzer.current(params.textDocument.uri)
      : undefined;
    if (!analysis || token.isCancellationRequested) return [];
    return codeLenses(analysis, (template, id) => analyzer.templateFindings(template, id));
  });

  connection.onCompletion((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? completeRuleIds(document, params.position) : [];
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === COMMANDS.showDocumentation) {
      const [, url] = (params.arguments ?? []) as [string, string];
      if (typeof url === 'string') await connection.window.showDocument({ uri: url, external: true });
    }
  });

  connection.onRequest(FUNCTIONS_REQUEST, () => analyzer.allFunctionsNow());

  connection.onRequest(
    FUNCTION_PAYLOADS_REQUEST,
    async (target: FunctionTarget): Promise<FunctionPayloads> => {
      const path = uriToPath(target.uri) ?? target.uri;
      const config = await configs.resolve(target.uri);
      return functionPayloads(path, documents.get(target.uri)?.getText(), target.functionId, config.config);
    },
  );

  connection.onRequest(HANDLER_FILE_REQUEST, async (target: FunctionTarget): Promise<HandlerFileResult> => {
    const path = uriToPath(target.uri);
    if (!path) return { problem: `${target.uri} is not a file on disk` };
    const config = await configs.resolve(target.uri);
    return handlerFileOf(path, documents.get(target.uri)?.getText(), target.functionId, config.config);
  });

  connection.onRequest(SUPPRESSION_EDIT_REQUEST, async (params: SuppressionEditParams) => {
    const analysis = await analyzer.current(params.target.uri);
    const finding = analysis && findTarget(analysis, params.target);
    if (!analysis || !finding) return null;
    return suppressionEdit(analysis, finding, params.reason);
  });

  documents.listen(connection);
  connection.listen();
}
