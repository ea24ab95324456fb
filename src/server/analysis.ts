/**
 * What the server knows about the workspace: the lint result of each open document (kept for actions,
 * hovers and lenses), the totals of closed templates (their diagnostics are published, not kept), and
 * when to analyse: after a pause in typing, only the document that changed, and never for a version
 * that is already stale. The workspace scan runs one file per turn of the event loop and stops when a
 * newer scan starts. What the sidebar sees (functions, handler links) is in function-summaries.ts.
 */
import {
  analyzeFile,
  type GrammarNeed,
  discover,
  isCodeFile,
  ignoresFile,
  languageForPath,
  mightBeAnalysed,
  type LintResult,
} from '../core';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigResolver, DocumentConfig } from './config-resolver';
import { type Counts, countDiagnostics, documentDiagnostics } from './diagnostics';
import {
  type CodeDocument,
  codeDiagnostics,
  codeDocumentName,
  isCodeDocument,
  lintClosedCode,
  lintCodeDocument,
  releaseCodeDocument,
} from './code-documents';
import { FunctionSummaries } from './function-summaries';
import { analyzeForEditor, editorHost } from './lint';
import type { StatusParams, TemplateFunctions } from './protocol';
import { DEFAULT_DEBOUNCE_MS } from './settings';
import { documentName, pathToUri, uriToPath } from './uri';

export interface OpenAnalysis {
  uri: string;
  version: number;
  /** Null when the document is not a template. */
  result: LintResult | null;
  /** The analysis of a code document (null for templates and other files). */
  code: CodeDocument | null;
  config: DocumentConfig;
}

export interface AnalyzerHost {
  documents: TextDocuments<TextDocument>;
  /**
   * Loads the code parsers (WebAssembly) of these languages, on first need: a code document, or a
   * template whose handler checks read code. True once they are loaded, false when they cannot be.
   */
  loadParsers(languages: readonly GrammarNeed[]): Promise<boolean>;
  configs: ConfigResolver;
  publish(uri: string, diagnostics: Diagnostic[], version?: number): void;
  status(params: StatusParams): void;
  functionsChanged(): void;
  /** An open document's lenses may differ from what the editor asked for before its first analysis. */
  lensesChanged(): void;
  log(message: string): void;
}

/** Most templates analysed by the workspace scan; a larger workspace is analysed as files are opened. */
export const MAX_WORKSPACE_FILES = 5000;

export class Analyzer {
  private readonly open = new Map<string, OpenAnalysis>();
  private readonly inflight = new Map<string, Promise<OpenAnalysis | undefined>>();
  private readonly counts = new Map<string, Counts>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private scanGeneration = 0;
  private scanning = false;
  private statusQueued = false;
  /** Handler files whose owners changed while a scan ran: analysed when it ends. */
  private readonly changedDuringScan = new Set<string>();
  /** The sidebar's view of the templates, and the handler files they link to. */
  private readonly summaries: FunctionSummaries;

  constructor(private readonly host: AnalyzerHost) {
    this.summaries = new FunctionSummaries({
      functionsChanged: () => host.functionsChanged(),
      handlersChanged: (files) => {
        if (this.scanning) for (const file of files) this.changedDuringScan.add(file);
        else void this.relintHandlers([...files]);
      },
    });
  }

  /** A document changed: analyse it once typing pauses. */
  schedule(uri: string, delay?: number): void {
    clearTimeout(this.timers.get(uri));
    const run = (): void => {
      this.timers.delete(uri);
      void this.current(uri);
    };
    if (delay === 0) {
      run();
      return;
    }
    void this.host.configs.resolve(uri).then((config) => {
      const wait = delay ?? config.settings.debounce ?? DEFAULT_DEBOUNCE_MS;
      clearTimeout(this.timers.get(uri));
      this.timers.set(uri, setTimeout(run, wait));
    });
  }

  /** The analysis of an open document's current version, running it now if it is missing or stale. */
  current(uri: string): Promise<OpenAnalysis | undefined> {
    const document = this.host.documents.get(uri);
    if (!document) return Promise.resolve(undefined);
    const known = this.open.get(uri);
    if (known && known.version === document.version) return Promise.resolve(known);
    const pending = this.inflight.get(uri);
    if (pending) return pending.then((a) => (a?.version === document.version ? a : this.current(uri)));
    const run = this.analyzeOpen(uri).finally(() => this.inflight.delete(uri));
    this.inflight.set(uri, run);
    return run;
  }

  /** Analyses an open document again although its text did not change (what it depends on did). */
  private invalidate(uri: string): void {
    const rerun = (): void => {
      const known = this.open.get(uri);
      if (known) known.version = -1;
      void this.current(uri);
    };
    // An analysis under way may have read what changed before it did: run again after it.
    const pending = this.inflight.get(uri);
    if (pending) void pending.then(rerun);
    else rerun();
  }

  /** Files the handler checks looked up changed on disk (found by a background re-check): open templates again. */
  fileLookupsChanged(): void {
    for (const [uri, analysis] of this.open) if (analysis.result) this.invalidate(uri);
  }

  /** The last analysis of an open document, whatever its version (for lenses while typing). */
  last(uri: string): OpenAnalysis | undefined {
    return this.open.get(uri);
  }

  private async analyzeOpen(uri: string): Promise<OpenAnalysis | undefined> {
    const opened = this.host.documents.get(uri);
    if (opened && isCodeDocument(uri, opened.languageId)) {
      const language = languageForPath(codeDocumentName(documentName(uri), opened.languageId));
      if (language) await this.host.loadParsers([language]);
    }
    const config = await this.host.configs.resolve(uri);
    const document = this.host.documents.get(uri);
    if (!document) return undefined;
    const previous = this.open.get(uri);
    const path = uriToPath(uri);
    const text = document.getText();
    const codeName = isCodeDocument(uri, document.languageId)
      ? codeDocumentName(documentName(uri), document.languageId)
      : undefined;
    // A source file that imports the CDK is a CDK app file: its constructs are analysed, not as a handler.
    if (codeName !== undefined && !mightBeAnalysed(codeName, text)) {
      const name = codeName;
      const owners = path ? this.summaries.handlers.owners(path) : [];
      // The previous analysis hands its tree on (incremental parse) and is not used again.
      const code = lintCodeDocument(
        document.getText(),
        name,
        config.config,
        owners,
        previous?.code ?? undefined,
      );
      const analysis: OpenAnalysis = { uri, version: document.version, result: null, code, config };
      this.open.set(uri, analysis);
      this.publish(uri, codeDiagnostics(code, uri), document.version, code);
      if (!previous) this.host.lensesChanged();
      return analysis;
    }
    if (previous?.code) releaseCodeDocument(previous.code);
    const { result, needs } = analyzeForEditor(
      { path: codeName ?? documentName(uri), text },
      config.config,
      path !== undefined,
      previous?.result ? { result: previous.result, config: previous.config.config } : undefined,
    );
    if (needs.length && (await this.host.loadParsers(needs))) {
      // Its handler checks skipped handler files whose grammar was not loaded: analyse it again, whole.
      this.open.delete(uri);
      return this.analyzeOpen(uri);
    }
    const analysis: OpenAnalysis = { uri, version: document.version, result, code: null, config };
    this.open.set(uri, analysis);
    this.remember(uri, result);
    this.publish(uri, result ? documentDiagnostics(result, uri) : [], document.version);
    if (!previous) this.host.lensesChanged();
    return analysis;
  }

  /** Files that read a file that changed (a Terraform folder's other files): analysed again. */
  neighboursChanged(paths: readonly string[]): void {
    for (const path of paths) {
      const uri = pathToUri(path);
      if (this.host.documents.get(uri)) this.invalidate(uri);
      else void this.lintFile(path);
    }
  }

  /** A document was closed: what is on disk counts again (the buffer may have been discarded). */
  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    releaseCodeDocument(this.open.get(uri)?.code);
    this.open.delete(uri);
    const path = uriToPath(uri);
    if (path) void this.lintFile(path);
    else this.publish(uri, []);
  }

  /** Publishes a document's diagnostics; `code`, the analysis of a code document they come from. */
  private publish(uri: string, diagnostics: Diagnostic[], version?: number, code?: CodeDocument): void {
    this.host.publish(uri, diagnostics, version);
    this.summaries.rememberCode(uri, code);
    if (diagnostics.length) this.counts.set(uri, countDiagnostics(diagnostics));
    else this.counts.delete(uri);
    this.queueStatus();
  }

  private queueStatus(): void {
    if (this.statusQueued) return;
    this.statusQueued = true;
    setImmediate(() => {
      this.statusQueued = false;
      const totals: StatusParams = { files: 0, errors: 0, warnings: 0, infos: 0, scanning: this.scanning };
      for (const c of this.counts.values()) {
        totals.files++;
        totals.errors += c.errors;
        totals.warnings += c.warnings;
        totals.infos += c.infos;
      }
      this.host.status(totals);
    });
  }

  /** Lints a closed template (or handler file) from disk and publishes its diagnostics (or clears them). */
  async lintFile(path: string, explicitlyNamed = false): Promise<void> {
    const uri = pathToUri(path);
    if (this.host.documents.get(uri)) return; // the open buffer is what counts
    // Code is a CDK app file (the workspace scan finds those under cdk.json) or handler code.
    if (isCodeFile(path) && this.summaries.handlers.owners(path).length > 0) return this.lintClosedCode(path);
    const config = await this.host.configs.resolve(uri);
    if (!explicitlyNamed && ignoresFile(config.config, path)) {
      this.remember(uri, null);
      this.publish(uri, []);
      return;
    }
    // Read through the front door: regular files only, bounded while reading (a FIFO or a device in a
    // hostile workspace is skipped, not waited on).
    const analysis = analyzeFile({ path }, { config: config.config, host: editorHost });
    if (analysis.kind === 'unreadable') {
      this.publish(uri, []); // deleted or unreadable since it was found
      return;
    }
    if (isCodeFile(path) && analysis.kind === 'notTemplate') return this.lintClosedCode(path);
    const result = analysis.kind === 'template' ? analysis.result : null;
    // Its handler checks skipped handler files whose grammar was not loaded (or, for a CDK file, its
    // own grammar is not loaded yet): lint it again once they are.
    const needs = analysis.kind === 'template' || analysis.kind === 'needsParsers' ? analysis.needs : [];
    if (needs.length && (await this.host.loadParsers(needs))) return this.lintFile(path, explicitlyNamed);
    if (this.host.documents.get(uri)) return; // opened meanwhile
    this.remember(uri, result);
    this.publish(uri, result ? documentDiagnostics(result, uri) : []);
  }

  /** Lints a closed handler file from disk for the functions that own it; a file no template links is cleared. */
  private async lintClosedCode(path: string): Promise<void> {
    const uri = pathToUri(path);
    const owners = this.summaries.handlers.owners(path);
    // A code file that no template links and that was never reported: nothing to say (or clear).
    if (owners.length === 0 && !this.counts.has(uri)) return;
    const language = languageForPath(path);
    if (owners.length && language) await this.host.loadParsers([language]);
    const config = owners.length ? await this.host.configs.resolve(uri) : undefined;
    const code =
      config && !ignoresFile(config.config, path) ? lintClosedCode(path, config.config, owners) : undefined;
    if (this.host.documents.get(uri)) return; // opened meanwhile
    this.publish(uri, code ? codeDiagnostics(code, uri) : [], undefined, code);
  }

  /** Handler files whose owners changed (or all of them): open ones are analysed again, closed ones read. */
  private async relintHandlers(paths: string[], generation?: number): Promise<void> {
    for (const path of paths) {
      const uri = pathToUri(path);
      if (this.host.documents.get(uri)) {
        this.invalidate(uri);
        continue;
      }
      await new Promise((resolve) => setImmediate(resolve));
      if (generation !== undefined && generation !== this.scanGeneration) return;
      try {
        await this.lintClosedCode(path);
      } catch (e) {
        this.host.log(`cannot analyse ${path}: ${(e as Error).stack ?? e}`);
      }
    }
  }

  /** A code file changed on disk: it, and the templates that link it (their handler check), again. */
  codeFileChanged(path: string): void {
    for (const template of this.summaries.handlers.templatesOf(path)) {
      if (this.host.documents.get(template)) this.invalidate(template);
      else {
        const templatePath = uriToPath(template);
        if (templatePath) void this.lintFile(templatePath);
      }
    }
    void this.lintFile(path);
  }

  /** Analyses every template under the folders; a newer scan (or a configuration change) cancels it. */
  async scan(folders: string[]): Promise<void> {
    const generation = ++this.scanGeneration;
    this.scanning = true;
    this.queueStatus();
    const { files } = discover(folders);
    if (files.length > MAX_WORKSPACE_FILES) {
      this.host.log(
        `${files.length} possible templates in the workspace: analysing the first ${MAX_WORKSPACE_FILES}; others when opened`,
      );
    }
    const started = Date.now();
    for (const file of files.slice(0, MAX_WORKSPACE_FILES)) {
      // Yield between files so that typing, hovers and cancellation are served during the scan.
      await new Promise((resolve) => setImmediate(resolve));
      if (generation !== this.scanGeneration) return;
      try {
        await this.lintFile(file);
      } catch (e) {
        this.host.log(`cannot analyse ${file}: ${(e as Error).stack ?? e}`);
      }
    }
    if (generation !== this.scanGeneration) return;
    // Then the handler files the templates link to (all of them: the configuration may have changed),
    // and those no template links any more (their diagnostics go).
    this.summaries.flush();
    const handlerFiles = new Set([...this.summaries.handlers.files(), ...this.changedDuringScan]);
    this.changedDuringScan.clear();
    await this.relintHandlers([...handlerFiles], generation);
    if (generation !== this.scanGeneration) return;
    this.scanning = false;
    this.queueStatus();
    this.host.log(`workspace scan: ${files.length} templates in ${Date.now() - started} ms`);
  }

  /** Configuration changed: re-analyse open documents now, and rescan the folders. */
  async reanalyzeAll(folders: string[]): Promise<void> {
    for (const uri of [...this.open.keys()]) {
      releaseCodeDocument(this.open.get(uri)?.code);
      this.open.delete(uri);
      void this.current(uri);
    }
    // Closed files the new configuration no longer reports must not keep old diagnostics.
    for (const uri of [...this.counts.keys()]) if (!this.host.documents.get(uri)) this.publish(uri, []);
    await this.scan(folders);
  }

  forget(uri: string): void {
    this.remember(uri, null);
    this.publish(uri, []);
  }

  /** A function's findings count in its template (as of the sidebar's last update). */
  templateFindings(templateUri: string, functionId: string): number | undefined {
    return this.summaries.templateFindings(templateUri, functionId);
  }

  /** Every template's functions, with what is still pending folded in (for the sidebar). */
  allFunctionsNow(): TemplateFunctions[] {
    return this.summaries.allNow();
  }

  /** Notes a template's latest result for the sidebar (summarised after a pause in typing). */
  private remember(uri: string, result: LintResult | null): void {
    this.summaries.remember(uri, result);
  }
}
