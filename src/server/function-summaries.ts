/**
 * What the sidebar sees of the workspace: each template's functions with their findings counts (in
 * the template, plus those of their handler code, as the handler's lens counts them), and the handler
 * files the templates link to (with the functions that own each). Both follow the latest analyses, at
 * most every FUNCTIONS_DELAY_MS: typing in a big template must not pay for a sidebar nobody looks at
 * between keystrokes.
 */
import { type HandlerLink, fileFunctions, handlerLinks, type LintResult } from '../core';
import { type CodeDocument, ownerFindings } from './code-documents';
import { HandlerIndex } from './handler-index';
import { editorHost, fileLookupsGeneration } from './lint';
import type { TemplateFunctions } from './protocol';
import { sameFunctions, workspaceFunctions } from './workspace-functions';

/** How long the sidebar's function summaries may lag behind typing. */
const FUNCTIONS_DELAY_MS = 300;

interface LinkMemo {
  id: string;
  path: string;
  generation: number;
  link: HandlerLink | undefined;
}

/**
 * Each function's handler link, by what stays the same while its declaration does (the model's
 * `unchangedSince`), for the file's path and the file lookups it was made with.
 */
const linkMemos = new WeakMap<object, LinkMemo>();

/** What `handlerLinks` says about an analysed file, made again only for the functions that changed. */
function linksOf(result: LintResult): HandlerLink[] {
  const { semantics } = result;
  const path = semantics.path;
  const generation = fileLookupsGeneration();
  const links: HandlerLink[] = [];
  for (const fn of fileFunctions(result)) {
    const key = fn.unchangedSince;
    let memo = key && linkMemos.get(key);
    if (!memo || memo.id !== fn.id || memo.path !== path || memo.generation !== generation) {
      const [link] = handlerLinks(semantics, editorHost, [fn]);
      memo = { id: fn.id, path, generation, link };
      if (key) linkMemos.set(key, memo);
    }
    if (memo.link) links.push(memo.link);
  }
  return links;
}

/** What the summaries tell the analysis. */
export interface SummariesHost {
  /** The functions of a template, or their findings counts, changed. */
  functionsChanged(): void;
  /** These handler files have other owners now: they are to be analysed again. */
  handlersChanged(files: Set<string>): void;
}

/** Names a function across templates: its template's URI and its logical id. */
const functionKey = (templateUri: string, functionId: string) => `${templateUri}#${functionId}`;

/** The sidebar's summaries of the workspace's functions, and the handler index that goes with them. */
export class FunctionSummaries {
  /** Each template's functions, with the findings in the template only. */
  private readonly functions = new Map<string, TemplateFunctions>();
  private readonly pending = new Map<string, LintResult | null>();
  /** Handler file URI → function key → the findings of that function in the file. */
  private readonly codeCounts = new Map<string, Map<string, number>>();
  private codeCountsChanged = false;
  private timer: NodeJS.Timeout | undefined;
  /** The handler files the templates link to, with their functions. */
  readonly handlers = new HandlerIndex();

  constructor(private readonly host: SummariesHost) {}

  /** Notes a template's latest result (null: gone, ignored or no template); summarised after a pause. */
  remember(uri: string, result: LintResult | null): void {
    this.pending.set(uri, result);
    this.timer ??= setTimeout(() => this.flush(), FUNCTIONS_DELAY_MS);
  }

  /**
   * Notes a code document's latest analysis (undefined: cleared, closed unreported, or not code): the
   * findings it has for each function whose handler it holds.
   */
  rememberCode(uri: string, code: CodeDocument | undefined): void {
    const next = new Map<string, number>();
    if (code)
      for (const { owner, count } of ownerFindings(code)) {
        const key = functionKey(owner.template, owner.functionId);
        if (count) next.set(key, (next.get(key) ?? 0) + count);
      }
    const before = this.codeCounts.get(uri);
    if (next.size === (before?.size ?? 0) && [...next].every(([key, n]) => before?.get(key) === n)) return;
    if (next.size) this.codeCounts.set(uri, next);
    else this.codeCounts.delete(uri);
    this.codeCountsChanged = true;
    this.timer ??= setTimeout(() => this.flush(), FUNCTIONS_DELAY_MS);
  }

  /** Summarises what is pending now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    let changed = this.codeCountsChanged;
    this.codeCountsChanged = false;
    const handlersChanged = new Set<string>();
    for (const [uri, result] of this.pending) {
      const links = result ? linksOf(result) : null;
      for (const file of this.handlers.update(uri, links)) handlersChanged.add(file);
      const next = result ? workspaceFunctions(uri, result) : undefined;
      const before = this.functions.get(uri);
      if (sameFunctions(before, next)) continue;
      changed = true;
      if (next && next.functions.length) this.functions.set(uri, next);
      else this.functions.delete(uri);
    }
    this.pending.clear();
    if (changed) this.host.functionsChanged();
    if (handlersChanged.size) this.host.handlersChanged(handlersChanged);
  }

  /** A function's findings count in its template (as of the last summary). */
  templateFindings(templateUri: string, functionId: string): number | undefined {
    return this.functions.get(templateUri)?.functions.find((f) => f.id === functionId)?.findings;
  }

  /** Every template's functions, in a stable order, as of the last summary, their handlers' findings added. */
  all(): TemplateFunctions[] {
    const inCode = new Map<string, number>();
    for (const counts of this.codeCounts.values())
      for (const [key, n] of counts) inCode.set(key, (inCode.get(key) ?? 0) + n);
    return [...this.functions.values()]
      .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0))
      .map((template) => ({
        uri: template.uri,
        functions: template.functions.map((fn) => {
          const codeFindings = inCode.get(functionKey(template.uri, fn.id)) ?? 0;
          return { ...fn, findings: fn.findings + codeFindings, codeFindings };
        }),
      }));
  }

  /** Every template's functions, with what is still pending folded in. */
  allNow(): TemplateFunctions[] {
    this.flush();
    return this.all();
  }
}
