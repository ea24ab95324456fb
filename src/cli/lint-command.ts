/**
 * `ownless lint`: its options, the run (src/cli/lint.ts) and the report in the chosen format, with the
 * exit code. Bundled on its own (dist/cli-lint.js), loaded by dist/cli.js only for `lint`, so the
 * other commands and `--version` do not compile the core.
 */
import { ConfigError, type Profile, PROFILES } from '../core';
import { parseArgs } from 'node:util';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { runLint } from './lint';
import { type Io, USAGE, UsageError, handleError } from './usage';

declare const OWNLESS_VERSION: string;
const VERSION = typeof OWNLESS_VERSION === 'string' ? OWNLESS_VERSION : '0.0.0-dev';

/** Runs `ownless lint` with its arguments; usage and configuration errors become exit code 2. */
export function lintCommand(args: string[], io: Io): Promise<number> {
  return lint(args, io).catch((e) => handleError(e, io, (x) => x instanceof ConfigError));
}

async function lint(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      profile: { type: 'string' },
      config: { type: 'string' },
      fix: { type: 'boolean', default: false },
      'max-warnings': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format))
    throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  if (values.profile !== undefined && !PROFILES.includes(values.profile as Profile)) {
    throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}, not '${values.profile}'`);
  }
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0)
      throw new UsageError('--max-warnings must be a whole number of 0 or more');
  }
  const run = await runLint({
    paths: positionals,
    profile: values.profile as Profile | undefined,
    config: values.config,
    fix: values.fix ?? false,
    cwd: io.cwd,
    // Only the JSON output lists each template's functions: the others skip summarising them.
    summaries: format === 'json',
  });
  for (const path of run.unreadable) io.err(`ownless: cannot read ${path}\n`);
  if (run.codeError) io.err(`ownless: cannot analyse handler code: ${run.codeError}\n`);
  if (run.terraformError) io.err(`ownless: cannot analyse Terraform files: ${run.terraformError}\n`);
  for (const { path, reason } of run.skipped) io.err(`ownless: ${path} not analysed: ${reason}\n`);
  for (const path of run.notTemplates) {
    io.err(
      `ownless: ${path} is not a CloudFormation or SAM template (no AWSTemplateFormatVersion, SAM transform or AWS:: resources)\n`,
    );
  }
  if (run.reports.length === 0 && run.notTemplates.length === 0 && run.unreadable.length === 0) {
    io.err(
      `ownless: no CloudFormation or SAM templates found in ${positionals.length ? positionals.join(', ') : '.'}\n`,
    );
  }
  if (format === 'json') io.out(formatJson(run.reports));
  else if (format === 'sarif') io.out(formatSarif(run.reports, VERSION, io.cwd));
  else {
    io.out(formatText(run.reports));
    for (const file of run.fixedFiles) io.err(`ownless: fixed ${file}\n`);
  }
  const writer = run.fixWriter;
  for (const file of writer?.outside ?? [])
    io.err(
      `ownless: not fixed ${file}: outside the project (the paths named and their ownless.yaml's folder)\n`,
    );
  for (const { path, reason } of writer?.failed ?? [])
    io.err(`ownless: cannot write ${path}: ${reason}; the file is unchanged\n`);
  if (run.unreadable.length || run.codeError || run.terraformError || writer?.failed.length) return 2;
  const findings = run.reports.flatMap((r) => r.findings);
  const errors =
    findings.filter((f) => f.severity === 'error').length +
    run.reports.reduce((n, r) => n + r.parseErrors.length, 0);
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (errors > 0) return 1;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    if (format === 'text') io.err(`ownless: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
