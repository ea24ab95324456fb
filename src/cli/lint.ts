/** `ownless lint`: find templates, lint them with their nearest config, optionally fix, and report. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve as resolvePath } from 'node:path';
import { type ResolvedConfig, isIgnored, resolveConfig } from '../core/config/config';
import { findConfigFile, loadConfigFile } from '../core/config/load';
import { type LintResult, lintDocument } from '../core/engine';
import { fixAll } from '../core/fix/fix-all';
import { summarizeFunction } from '../core/model/summary';
import { isTemplate, oversizeDocument, parseTemplate } from '../core/parse/template';
import type { Host, Profile } from '../core/rules/types';
import { discover } from '../core/discover';
import type { FileReport } from './report';

export interface LintOptions {
  paths: string[];
  profile?: Profile;
  config?: string;
  fix: boolean;
  cwd: string;
}

export interface LintRun {
  reports: FileReport[];
  /** Paths that could not be read (exit code 2). */
  unreadable: string[];
  fixedFiles: string[];
  /** Files named on the command line that are not CloudFormation/SAM templates (reported, not linted). */
  notTemplates: string[];
}

const fsHost: Host = { exists: (path) => existsSync(path) };

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

function lintFile(path: string, config: ResolvedConfig): LintResult {
  const size = statSync(path).size;
  if (size > config.limits.maxFileSize)
    return lintDocument(oversizeDocument(path, size, config.limits), config, fsHost);
  return lintDocument(parseTemplate(readFileSync(path, 'utf8'), path, config.limits), config, fsHost);
}

/** Applies safe fixes until none is left, and writes the file when it changed. */
function fixFile(
  path: string,
  first: LintResult,
  config: ResolvedConfig,
): { result: LintResult; changed: boolean } {
  const fixed = fixAll(first, (next) =>
    lintDocument(parseTemplate(next, path, config.limits), config, fsHost),
  );
  if (fixed.changed) writeFileSync(path, fixed.text);
  return { result: fixed.result, changed: fixed.changed };
}

export function runLint(options: LintOptions): LintRun {
  const resolveConfigFor = configResolver(options);
  const { files, missing } = discover(options.paths.length ? options.paths : ['.']);
  const explicit = new Set(options.paths.map((p) => resolvePath(options.cwd, p)));
  const reports: FileReport[] = [];
  const unreadable = [...missing];
  const fixedFiles: string[] = [];
  const notTemplates: string[] = [];
  for (const file of files) {
    const config = resolveConfigFor(file);
    const absolute = resolvePath(options.cwd, file);
    // Ignore globs apply to folder searches; a file named on the command line is always linted.
    const named = explicit.has(absolute);
    if (
      !named &&
      config.baseDir &&
      config.ignore.length &&
      isIgnored(relative(config.baseDir, absolute), config.ignore)
    ) {
      continue;
    }
    const shown = relative(options.cwd, absolute).split('\\').join('/') || file;
    let result: LintResult;
    try {
      result = lintFile(file, config);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code) {
        unreadable.push(file);
        continue;
      }
      throw e;
    }
    // Found by a folder search: only real templates count. Named explicitly: always reported.
    if (result.doc.problems.length === 0 && !isTemplate(result.doc.root)) {
      if (named) notTemplates.push(file);
      continue;
    }
    if (options.fix) {
      const fixed = fixFile(file, result, config);
      result = fixed.result;
      if (fixed.changed) fixedFiles.push(shown);
    }
    const { doc, model, findings } = result;
    reports.push({
      path: shown,
      format: doc.format,
      parseErrors: doc.problems.map((p) => ({ message: p.message, range: doc.lines.range(p.start, p.end) })),
      functions: model.functions.map((fn) => summarizeFunction(fn, model)),
      findings: findings.map((f) => ({ ...f, path: shown })),
    });
  }
  return { reports, unreadable, fixedFiles, notTemplates };
}
