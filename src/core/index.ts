/**
 * The front door of the core: what the CLI, the language server, the bench and the local runtime
 * ask of it. A file goes in (its path, and its text when an editor holds it); the core chooses the
 * format's adapter, reads the file safely when no text is given (regular files only, bounded while
 * reading), applies the size gate, re-parses incrementally when the previous analysis allows it,
 * and returns the analysis. Front ends should need nothing else (see test/meta.test.ts: deep
 * imports from outside src/core are counted down as they move here).
 */
import type { ResolvedConfig } from './config/config';
import { type LintResult, lintDocument, lintModel } from './engine';
import { reparseTemplate } from './formats/cloudformation/incremental';
import {
  DEFAULT_LIMITS,
  type ParseLimits,
  isTemplate,
  mightBeTemplate,
  oversizeDocument,
  parseTemplate,
} from './formats/cloudformation/template';
import { buildModel } from './formats/cloudformation/build';
import type { TemplateModel } from './formats/cloudformation/types';
import { type ReadOutcome, readTextFile, unreadableReason } from './read-file';
import type { Host } from './rules/types';
import type { CodeLanguage } from './code/parsers';
import { analyzeTerraformFile, collectingHost, fileBase, fileFunctions } from './terraform-front-door';
import { isTerraformPath } from './formats/terraform';
import type { GrammarNeed } from './grammars';
import { posix } from 'node:path';
import { resolveHandler } from './code/resolve-handler';
import { asString } from './model/values';
import { type FunctionSummary, summarize } from './model/summary';
import { summarizeFunction } from './formats/cloudformation/summary';
import { cdkCommentTest, mightBeCdk, readCdk } from './formats/cdk';
import type { AnalyzedDocument } from './model/document';
import { LineIndex } from './parse/ast';
import { languageForPath } from './code/parsers';
import {
  isServerlessConfigPath,
  mightBeServerless,
  notAnalysedMessage,
  readServerless,
} from './formats/serverless';

export type { LintResult } from './engine';
export { readTextFile, type ReadOutcome, unreadableReason } from './read-file';

// What front ends use of the core beside the analyses below: configuration, discovery, the rule
// registry and its types, fixes and suppressions, handler code, and the JSON summary of functions.
export {
  type OwnlessConfig,
  type ResolvedConfig,
  ignoresFile,
  isIgnored,
  mergeConfigs,
  parseConfigText,
  resolveConfig,
  validateConfig,
} from './config/config';
export { CONFIG_NAMES, ConfigError, findConfigFile, loadConfigFile, readConfigText } from './config/load';
export { SKIPPED_DIRS, discover } from './discover';
export { DOCS_ROOT, RULES, RULES_BY_ID, docsUrl } from './rules';
export { type Finding, type Profile, PROFILES, type Severity, type Tenet } from './rules/types';
export type { Host } from './rules/types';
export type { LineIndex, Range } from './parse/ast';
export { fixAll } from './fix/fix-all';
export { suppressionEdits } from './fix/suppress';
export {
  type CodeLint,
  type CodeLanguage,
  type HandlerLink,
  type HandlerOwner,
  codeParsersReady,
  codeSuppressionEdits,
  exportLocation,
  fixAllCode,
  handlerFiles,
  handlerLinks,
  initCodeParsers,
  isCodeFile,
  languageForPath,
  lintForOwners,
} from './code';
export type { FunctionSummary } from './model/summary';
export {
  type CodeAnalysis,
  type CodeAnalyzeOptions,
  type CodeInput,
  analyzeCode,
  emptyCodeLint,
  fixCode,
  releaseCodeLint,
} from './code-front-door';
export type { FormatId, LambdaFunction, Value } from './model/types';
export { declaredFunctions, fileFunctions, terraformNeighbours } from './terraform-front-door';
export { isTerraformPath } from './formats/terraform';

export { type GrammarNeed, grammarsReady, initGrammars } from './grammars';
export { asNumber, asString } from './model/values';

/** A file to analyse: its path, and its text when an editor holds it (otherwise it is read from disk). */
export interface FileInput {
  path: string;
  text?: string;
}

export interface AnalyzeOptions {
  config: ResolvedConfig;
  /** File lookups for the rules (handler files); none for a file that is not on disk. */
  host?: Host;
  /** The previous analysis of the same file, for an incremental re-parse of an edit. */
  previous?: { result: LintResult; config: ResolvedConfig };
  /**
   * Analyse a file that does not parse even when it does not look like a template (the CLI: a file
   * the user named or that was found among templates is reported). The editor leaves such files alone.
   */
  reportBrokenFiles?: boolean;
  /**
   * The project folder: a serverless.yml's `${file()}` reads nothing outside it (default: the
   * service's own folder).
   */
  projectDir?: string;
}

/** A template's analysis, or why the file was not analysed. */
export type TemplateAnalysis =
  /**
   * `needs`: the grammars whose absence left handler exports unchecked (load them with
   * `initCodeParsers` and analyse again for the full check).
   */
  | {
      kind: 'template';
      result: LintResult;
      needs: CodeLanguage[];
      /** A Terraform file: the result of every file of its folder (this one's too), linted once together. */
      files?: LintResult[];
    }
  /** The file parses (or does not even look like a template) and is no template of any format. */
  | { kind: 'notTemplate' }
  /** The file could not be read: not a regular file, or the file system refused. */
  | { kind: 'unreadable'; reason: string }
  /** A file Ownless recognises and does not analyse (serverless.ts runs code): say `message` once. */
  | { kind: 'notAnalysed'; message: string }
  /**
   * Source code that may be a CDK app file, or a Terraform file, whose grammar is not loaded: load
   * `needs` (`initGrammars`), then analyse again.
   */
  | { kind: 'needsParsers'; needs: GrammarNeed[] };

/** Why a file could not be read, in words. */
function readProblem(read: Exclude<ReadOutcome, { text: string }>, limits: ParseLimits): string {
  return unreadableReason(read, `${limits.maxFileSize} bytes`);
}

/**
 * A file that is not valid UTF-8 is one located problem (a syntax problem: the file is read with
 * U+FFFD in place of those bytes, so it is never fixed or rewritten from that text).
 */
function notUtf8Problem(offset: number, text: string): { message: string; start: number; end: number } {
  return {
    message:
      'the file is not valid UTF-8 from here (read as U+FFFD): save it as UTF-8; Ownless will not rewrite it',
    start: offset,
    end: Math.min(offset + 1, text.length),
  };
}

function sameLimits(a: ResolvedConfig, b: ResolvedConfig): boolean {
  const x = a.limits;
  const y = b.limits;
  return (
    x.maxFileSize === y.maxFileSize &&
    x.maxDepth === y.maxDepth &&
    x.maxAliases === y.maxAliases &&
    x.maxAliasExpansion === y.maxAliasExpansion
  );
}

/** True for the files `analyzeFile` may analyse, by name and a quick look at their text. */
export function mightBeAnalysed(path: string, text: string): boolean {
  if (isTerraformPath(path)) return true;
  if (languageForPath(path)) return mightBeCdk(path, text);
  return isServerlessConfigPath(path) ? mightBeServerless(text) : mightBeTemplate(text);
}

/** True for the names of Serverless Framework service files (serverless.yml, .yaml, .json). */
export { isServerlessConfigPath } from './formats/serverless';

/**
 * Analyses an infrastructure file: a CloudFormation/SAM template, a Serverless Framework service
 * (serverless.yml, .yaml, .json), or a source file of a CDK app (TypeScript, JavaScript or Python
 * that imports the CDK), chosen by its name and content. A file over the size limit is one
 * located problem (nothing is read past the limit); a file that parses and is none of these, or that
 * does not parse and does not even look like one (unless `reportBrokenFiles`), is `notTemplate`: a
 * broken workflow file is not ours to report. serverless.ts/.js are `notAnalysed`.
 */
export function analyzeFile(input: FileInput, options: AnalyzeOptions): TemplateAnalysis {
  const unanalysed = notAnalysedMessage(input.path);
  if (unanalysed) return { kind: 'notAnalysed', message: unanalysed };
  const { config, previous } = options;
  if (isTerraformPath(input.path)) return analyzeTerraformFile(input, options);
  const needs: CodeLanguage[] = [];
  // The grammars this analysis wanted, collected here rather than in module state.
  const given = options.host;
  const host = collectingHost(given, needs);
  const limits = config.limits;
  const language = languageForPath(input.path);
  let text = input.text;
  let invalidUtf8: number | undefined;
  if (text === undefined) {
    const read = readTextFile(input.path, limits.maxFileSize);
    if ('problem' in read) {
      // Source code over the limit is no CDK file to analyse here (analyzeCode reports its size).
      if (read.problem === 'tooLarge' && language) return { kind: 'notTemplate' };
      if (read.problem === 'tooLarge')
        return {
          kind: 'template',
          result: lintDocument(oversizeDocument(input.path, read.size, limits), config, host),
          needs,
        };
      return { kind: 'unreadable', reason: readProblem(read, limits) };
    }
    text = read.text;
    invalidUtf8 = read.invalidUtf8;
  }
  if (text.length > limits.maxFileSize && language) return { kind: 'notTemplate' };
  if (text.length > limits.maxFileSize)
    return {
      kind: 'template',
      result: lintDocument(oversizeDocument(input.path, text.length, limits), config, host),
      needs,
    };
  if (language) return analyzeCdk(input.path, text, language, options, host, needs);
  if (isServerlessConfigPath(input.path)) {
    const serviceDir = posix.dirname(input.path.replace(/\\/g, '/'));
    const { doc, model } = readServerless(
      text,
      input.path,
      {
        serviceDir,
        projectDir: options.projectDir,
        readFile: given?.readFile && ((p) => given.readFile!(p)),
      },
      limits,
    );
    if (invalidUtf8 !== undefined) doc.problems.push(notUtf8Problem(invalidUtf8, text));
    if (model) return { kind: 'template', result: lintModel(doc, model, config, host), needs };
    // Not an AWS service; a file that does not parse is reported when asked or when it looks like one.
    if (doc.problems.length > 0 && (options.reportBrokenFiles || mightBeServerless(text)))
      return { kind: 'template', result: lintDocument(doc, config, host), needs };
    return { kind: 'notTemplate' };
  }
  const before = previous?.result.model;
  const doc =
    before && previous && sameLimits(previous.config, config)
      ? reparseTemplate(before.doc, text, limits)
      : parseTemplate(text, input.path, limits);
  if (invalidUtf8 !== undefined) doc.problems.push(notUtf8Problem(invalidUtf8, text));
  const broken = doc.problems.length > 0;
  if (!isTemplate(doc.root) && !(broken && (options.reportBrokenFiles || mightBeTemplate(text))))
    return { kind: 'notTemplate' };
  const result = lintDocument(doc, config, host);
  return { kind: 'template', result, needs };
}

/**
 * The analysis of a new text of an analysed file (a fix applied, a suppression written): the same
 * format as `previous`, never `notTemplate`. For the fix loops, which check each edit by re-linting.
 */
export function reanalyze(
  previous: LintResult,
  text: string,
  options: Pick<AnalyzeOptions, 'config' | 'host' | 'projectDir'>,
): LintResult {
  const { path } = previous.doc;
  const { config, host } = options;
  if (previous.semantics.format.id === 'cdk' || previous.semantics.format.id === 'terraform') {
    const analysis = analyzeFile({ path, text }, options);
    if (analysis.kind === 'template') return analysis.result;
    // No longer a CDK file (or its grammar went away, or a sibling .tf file could no longer be read): no findings, the text as it is.
    const doc: AnalyzedDocument = { ...previous.doc, text, lines: new LineIndex(text), problems: [] };
    return { ...previous, doc, findings: [] };
  }
  if (!previous.model) {
    const serviceDir = posix.dirname(path.replace(/\\/g, '/'));
    const readFile = host?.readFile && ((p: string) => host.readFile!(p));
    const { doc, model } = readServerless(
      text,
      path,
      { serviceDir, projectDir: options.projectDir, readFile },
      config.limits,
    );
    return model ? lintModel(doc, model, config, host) : lintDocument(doc, config, host);
  }
  return lintDocument(parseTemplate(text, path, config.limits), config, host);
}

/**
 * A source file that may belong to a CDK app (it imports the CDK): its constructs read statically
 * (nothing runs), linted from the CDK adapter's model. Its grammar must be loaded (`needsParsers`
 * otherwise); the app's cdk.json and entry file are read through the host for flags and stack ids.
 */
function analyzeCdk(
  path: string,
  text: string,
  language: CodeLanguage,
  options: AnalyzeOptions,
  host: Host | undefined,
  needs: CodeLanguage[],
): TemplateAnalysis {
  if (!mightBeCdk(path, text)) return { kind: 'notTemplate' };
  const given = options.host;
  const read = readCdk(text, path, { readFile: given?.readFile && ((p) => given.readFile!(p)) });
  if (read.kind === 'notCdk') return { kind: 'notTemplate' };
  if (read.kind === 'needsParser') return { kind: 'needsParsers', needs: read.needs };
  const doc: AnalyzedDocument = { path, text, syntax: language, lines: read.parsed.lines, problems: [] };
  const result = lintModel(doc, read.model, options.config, host, { inComment: cdkCommentTest(read) });
  // The app entry's grammar, when it was missing (its stack ids then fell back to construct ids).
  for (const wanted of read.needs) if (!needs.includes(wanted)) needs.push(wanted);
  return { kind: 'template', result, needs };
}

/**
 * The JSON-ready summaries of an analysed file's functions (the CLI's `--format json`, the sidebar): a
 * Terraform file's are those declared in it, with ranges in its own lines.
 */
export function functionSummaries(result: LintResult): FunctionSummary[] {
  const { model } = result;
  if (model) return model.functions.map((fn) => summarizeFunction(fn, model));
  const base = fileBase(result);
  return fileFunctions(result).map((fn) => summarize(fn, result.doc.lines, base));
}

/** Where a function's handler source is, or why there is none to open. */
export type HandlerFile = { file: string } | { problem: string };

/**
 * The handler source file of a function of an analysed template, read from the model (runtime,
 * handler, code folder) and resolved as unit/handler-not-found does, without the export check: only
 * the file is wanted (opening it runs nothing).
 */
export function handlerFileOf(result: LintResult, functionId: string, host: Host): HandlerFile {
  const path = result.doc.path;
  const fn = result.semantics.functions.find((f) => f.id === functionId);
  if (!fn) return { problem: `${functionId} is no longer in ${path}` };
  const runtime = asString(fn.value('runtime'));
  const handler = asString(fn.value('handler'));
  const { nameOf } = result.semantics.format;
  if (!runtime || !handler)
    return { problem: `${functionId} has no literal ${nameOf('runtime')} and ${nameOf('handler')}` };
  const folder = fn.codeFolder;
  if (folder === undefined) return { problem: `the code of ${functionId} is not a local folder` };
  const codeDir = posix.join(posix.dirname(path.replace(/\\/g, '/')), folder);
  const resolution = resolveHandler(codeDir, runtime, handler, { exists: (p) => host.exists(p) });
  if (!resolution) return { problem: `a ${runtime} handler (${handler}) names no source file` };
  return resolution.found
    ? { file: resolution.file }
    : { problem: `the handler ${handler} of ${functionId} was not found in ${codeDir}` };
}

/** A template's model for the tools that run or deploy its functions, or why there is none. */
export type LoadedTemplate = { model: TemplateModel } | { problem: string; notTemplate?: true };

/**
 * Reads and models a template from disk for the local runtime, invoke and deploy: regular files
 * only, bounded while reading (a FIFO or a device is a problem, not a hang), `notTemplate` for a
 * file that is no template. Syntax problems are left in `model.doc.problems` for the caller to say.
 */
export function loadTemplate(path: string, limits: ParseLimits = DEFAULT_LIMITS): LoadedTemplate {
  const read = readTextFile(path, limits.maxFileSize);
  if ('problem' in read) return { problem: readProblem(read, limits) };
  const doc = parseTemplate(read.text, path, limits);
  if (!isTemplate(doc.root)) return { problem: 'not a template', notTemplate: true };
  return { model: buildModel(doc) };
}
