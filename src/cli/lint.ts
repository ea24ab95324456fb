/**
 * `ownless lint`: find templates, lint them with their nearest config, then the handler files they
 * link to and the code files named on the command line; optionally fix, and report.
 */
import {
  analyzeFile,
  codeParsersReady,
  discover,
  findConfigFile,
  fixAll,
  handlerFiles,
  functionSummaries,
  handlerLinks,
  fileFunctions,
  type Host,
  ignoresFile,
  initCodeParsers,
  initGrammars,
  isCodeFile,
  isTerraformPath,
  loadConfigFile,
  type Profile,
  readTextFile,
  reanalyze,
  resolveConfig,
  type ResolvedConfig,
  type TemplateAnalysis,
} from '../core';
import { existsSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import type { LintResult } from '../core';
import { lintHandlerCode, shownPath } from './lint-code';
import type { FileReport } from './report';
import { FixWriter, projectFolders } from './write-fixed';

/** Handler files larger than this are not read for the export check (bundles are not handlers we parse). */
const MAX_HANDLER_READ = 5 * 1024 * 1024;

export interface LintOptions {
  paths: string[];
  profile?: Profile;
  config?: string;
  fix: boolean;
  cwd: string;
  /** Summarise each template's functions in the reports (JSON lists them); default true. */
  summaries?: boolean;
}

export interface LintRun {
  reports: FileReport[];
  /** Paths that could not be read (exit code 2). */
  unreadable: string[];
  fixedFiles: string[];
  /** Files named on the command line that are neither templates nor code (reported, not linted). */
  notTemplates: string[];
  /** Handler files found through templates but not analysed, with why (a note, not an error). */
  skipped: { path: string; reason: string }[];
  /** Why handler code could not be analysed at all (the parsers did not load): exit code 2. */
  codeError?: string;
  /** Why Terraform files could not be analysed (the HCL grammar did not load): exit code 2. */
  terraformError?: string;
  /** With --fix: files outside the project left unfixed, and files that could not be written (exit 2). */
  fixWriter?: FixWriter;
}

/** The file system, for the rules (unit/handler-not-found reads handler files to check their export). */
const fsHost: Host = {
  exists: (path) => existsSync(path),
  // Regular files only, bounded while reading: a handler symlinked to /dev/zero must not hang the run.
  readFile: (path) => {
    const read = readTextFile(path, MAX_HANDLER_READ);
    return 'text' in read ? read.text : undefined;
  },
};

/** Loads configuration per folder, once, unless one was given explicitly. */
function configResolver(options: LintOptions): (file: string) => ResolvedConfig {
  if (options.config) {
    const config = loadConfigFile(resolvePath(options.cwd, options.config), options.profile);
    return () => config;
  }
  const byDir = new Map<string, ResolvedConfig>();
  return (file) => {
    const dir = dirname(resolvePath(options.cwd, file));
    let config = byDir.get(dir);
    if (!config) {
      const found = findConfigFile(dir);
      config = found ? loadConfigFile(found, options.profile) : resolveConfig({}, options.profile);
      byDir.set(dir, config);
    }
    return config;
  };
}

/**
 * A template or service, read through the core's front door (regular files only, bounded while
 * reading). A Terraform folder is linted once: its first file's analysis holds every file's result,
 * kept in `folders` (by absolute path) for the others.
 */
function lintFile(
  path: string,
  config: ResolvedConfig,
  projectDir: string,
  folders: Map<string, LintResult>,
): TemplateAnalysis {
  const absolute = resolvePath(projectDir, path);
  const linted = folders.get(absolute);
  if (linted) return { kind: 'template', result: linted, needs: [] };
  const analysis = analyzeFile({ path }, { config, host: fsHost, reportBrokenFiles: true, projectDir });
  if (analysis.kind === 'template' && analysis.files)
    for (const result of analysis.files) folders.set(resolvePath(projectDir, result.doc.path), result);
  return analysis;
}

/**
 * Applies safe fixes until none is left, and writes the file when it changed (and may be written:
 * otherwise the result is the unfixed one, which is what the file still holds).
 */
function fixFile(
  path: string,
  shown: string,
  first: LintResult,
  config: ResolvedConfig,
  writer: FixWriter,
): { result: LintResult; changed: boolean } {
  const fixed = fixAll(first, (next) => reanalyze(first, next, { config, host: fsHost }));
  if (!fixed.changed || !writer.write(path, shown, first.doc.text, fixed.text))
    return { result: first, changed: false };
  return { result: fixed.result, changed: true };
}

interface TemplateRun {
  file: string;
  shown: string;
  config: ResolvedConfig;
  result: LintResult;
}

export async function runLint(options: LintOptions): Promise<LintRun> {
  const resolveConfigFor = configResolver(options);
  const { files, missing } = discover(options.paths.length ? options.paths : ['.']);
  const explicit = new Set(options.paths.map((p) => resolvePath(options.cwd, p)));
  const run: LintRun = {
    reports: [],
    unreadable: [...missing],
    fixedFiles: [],
    notTemplates: [],
    skipped: [],
  };
  const templates: TemplateRun[] = [];
  /** Code files named on the command line (absolute path → path as given). */
  const namedCode = new Map<string, string>();
  // CDK app files are source code: their grammars load before they are read (template-only runs
  // do not wait for the WebAssembly).
  if (files.some((file) => isCodeFile(file))) {
    try {
      await initCodeParsers();
    } catch (e) {
      run.codeError = (e as Error).message;
    }
  }
  // Terraform's grammar (WebAssembly) loads only when there are .tf files.
  if (files.some((file) => isTerraformPath(file))) {
    try {
      await initGrammars(['terraform']);
    } catch (e) {
      run.terraformError = (e as Error).message;
    }
  }
  const folders = new Map<string, LintResult>();
  for (const file of files) {
    const config = resolveConfigFor(file);
    const absolute = resolvePath(options.cwd, file);
    // Ignore globs apply to folder searches; a file named on the command line is always linted.
    const named = explicit.has(absolute);
    if (!named && ignoresFile(config, absolute)) continue;
    const analysis = lintFile(file, config, options.cwd, folders);
    // Code that is no CDK app file: handler code when named, nothing when found by a search.
    if (isCodeFile(file) && (analysis.kind === 'notTemplate' || analysis.kind === 'needsParsers')) {
      if (named) namedCode.set(absolute, file);
      continue;
    }
    if (analysis.kind === 'unreadable') {
      run.unreadable.push(file);
      continue;
    }
    if (analysis.kind === 'notAnalysed') {
      run.skipped.push({ path: shownPath(options.cwd, absolute, file), reason: analysis.message });
      continue;
    }
    // Found by a folder search: only real templates count. Named explicitly: always reported.
    if (analysis.kind === 'notTemplate') {
      if (named) run.notTemplates.push(file);
      continue;
    }
    // The parsers did not load: run.codeError or run.terraformError says so.
    if (analysis.kind === 'needsParsers') continue;
    const result = analysis.result;
    templates.push({ file, shown: shownPath(options.cwd, absolute, file), config, result });
  }

  // --fix writes only inside the project: the paths named and the linted templates' configuration folders.
  if (options.fix)
    run.fixWriter = new FixWriter(
      projectFolders(
        options.paths,
        options.cwd,
        templates.flatMap((t) => t.config.baseDir ?? []),
      ),
    );

  // Handler files, found without parsing them (the parsers may not be loaded yet).
  const checkedExports = codeParsersReady();
  const linked = handlerFiles(
    templates.map((t) => ({
      template: t.shown,
      links: handlerLinks(t.result.semantics, fsHost, fileFunctions(t.result)),
    })),
  );
  let codeReports: FileReport[] = [];
  // The parsers (WebAssembly) load only when there is code to read: template-only runs do not wait.
  if (namedCode.size > 0 || linked.size > 0) {
    try {
      await initCodeParsers();
      codeReports = lintHandlerCode(options, namedCode, linked, resolveConfigFor, run);
    } catch (e) {
      if (codeParsersReady()) throw e;
      run.codeError = (e as Error).message;
    }
    // unit/handler-not-found checks handler exports now (lintHandlerCode noted them: no second parse).
    if (!checkedExports && codeParsersReady()) {
      const linking = new Set([...linked.values()].flat().map((o) => o.template));
      const relinted = new Map<string, LintResult>();
      for (const t of templates) {
        if (!linking.has(t.shown)) continue;
        const again = lintFile(t.file, t.config, options.cwd, relinted);
        if (again.kind === 'template') t.result = again.result;
      }
    }
  }
  for (const t of templates) {
    if (run.fixWriter) {
      const fixed = fixFile(t.file, t.shown, t.result, t.config, run.fixWriter);
      t.result = fixed.result;
      if (fixed.changed) run.fixedFiles.push(t.shown);
    }
    const { doc, model, findings } = t.result;
    run.reports.push({
      path: t.shown,
      format: model ? model.doc.format : t.result.semantics.format.id,
      parseErrors: doc.problems.map((p) => ({ message: p.message, range: doc.lines.range(p.start, p.end) })),
      functions: options.summaries === false ? [] : functionSummaries(t.result),
      findings: findings.map((f) => ({ ...f, path: t.shown })),
    });
  }
  run.reports.push(...codeReports);
  return run;
}
