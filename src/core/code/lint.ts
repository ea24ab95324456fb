/**
 * Linting handler code: parse (incrementally when the previous result is given), build the model,
 * run every enabled code rule, turn reports into findings, apply `ownless-ignore` comments. The same
 * `Finding` shape, configuration and suppressions as templates. `initCodeParsers()` must have been
 * awaited once; after that, linting is synchronous.
 */
import type { ResolvedConfig } from '../config/config';
import { toFinding } from '../findings';
import type { Range } from '../parse/ast';
import { RULES, RULES_BY_ID } from '../rules';
import type { CodeRuleContext, Finding, Rule } from '../rules/types';
import { applyLineDirectives, readLineDirectives } from '../suppressions';
import { buildCodeModel } from './build-model';
import { forgetFileAccesses } from './file-access';
import type { CodeModel } from './model';
import { type CodeEdit, type ParsedCode, parseCode } from './parse';
import { languageForPath } from './parsers';
import { forgetOrigins } from './resolve';
import { forgetConstructions } from './sdk';

export interface LintCodeOptions {
  /** Logical ids of the template functions whose handler this file is (copied onto every finding). */
  functions?: string[];
  /** The handler's export names (from the template's Handler); by convention when absent. */
  handlers?: string[];
  /** The result for the same document before the change: the parse is then incremental (and it is consumed). */
  previous?: CodeLintResult;
  /** The change since `previous`, when known (otherwise found by comparing the texts). */
  edit?: CodeEdit;
  /** Keep the tree-sitter tree for the next incremental parse (default true; free it with `releaseCode`). */
  keepTree?: boolean;
  /** The rules to run (default: all). */
  rules?: readonly Rule[];
}

export interface CodeProblem {
  message: string;
  range: Range;
}

export interface CodeLintResult {
  /** The parse, to hand back as `previous` after the next change (or to release). */
  parsed: ParsedCode | null;
  model: CodeModel | null;
  findings: Finding[];
  /** Why the file was not analysed, or what went wrong in a rule. */
  problems: CodeProblem[];
}

const KNOWN_RULES: ReadonlySet<string> = new Set(RULES_BY_ID.keys());
const EMPTY_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** True for the files `lintCode` reads: JavaScript, TypeScript (and TSX) and Python sources. */
export function isCodeFile(path: string): boolean {
  return languageForPath(path) !== undefined;
}

/** Lints a handler source file. Throws when `path` is not a code file (see `isCodeFile`). */
export function lintCode(
  text: string,
  path: string,
  config: ResolvedConfig,
  options: LintCodeOptions = {},
): CodeLintResult {
  const language = languageForPath(path);
  if (!language) throw new Error(`not a JavaScript, TypeScript or Python file: ${path}`);
  if (text.length > config.limits.maxFileSize) {
    return {
      parsed: null,
      model: null,
      findings: [],
      problems: [
        {
          message: `not analysed: ${text.length} characters is more than maxFileSize (${config.limits.maxFileSize})`,
          range: EMPTY_RANGE,
        },
      ],
    };
  }
  if (options.previous?.model) forgetMemos(options.previous.model);
  const previous = options.previous?.parsed ?? undefined;
  const parsed = parseCode(text, language, previous, options.edit, { keepTree: options.keepTree });
  const model = buildCodeModel(parsed, path, { handlers: options.handlers });
  const problems: CodeProblem[] = [];
  const findings: Finding[] = [];
  const functions = options.functions ?? [];
  for (const rule of options.rules ?? RULES) {
    if (!rule.checkCode) continue;
    const setting = config.rules.get(rule.meta.id);
    const severity = setting?.severity ?? rule.meta.severity[config.profile];
    if (severity === 'off') continue;
    const context: CodeRuleContext = {
      model,
      profile: config.profile,
      options: setting?.options ?? {},
      report: (report) =>
        findings.push(
          toFinding(
            rule,
            severity,
            { ...report, functions: report.functions ?? functions },
            path,
            model.lines,
            'code',
          ),
        ),
    };
    try {
      rule.checkCode(context);
    } catch (e) {
      // A bug in one rule must not take the others (or the editor) down: it is reported instead.
      problems.push({
        message: `internal error in rule ${rule.meta.id}: ${(e as Error).message} (please report it)`,
        range: EMPTY_RANGE,
      });
    }
  }
  const directives = readLineDirectives(text, KNOWN_RULES, (offset) => inComment(model, offset));
  const meta = RULES_BY_ID.get('meta/invalid-suppression')!;
  const metaSeverity = config.rules.get(meta.meta.id)?.severity ?? meta.meta.severity[config.profile];
  if (metaSeverity !== 'off')
    for (const problem of directives.problems)
      findings.push(toFinding(meta, metaSeverity, { ...problem, functions }, path, model.lines, 'code'));
  const kept = applyLineDirectives(findings, directives);
  kept.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
  return { parsed, model, findings: kept, problems };
}

/**
 * The rules' memos of the previous version (origins of names, constructions, file accesses) are
 * dropped when the next is analysed: they would be worked out again if asked, and otherwise they live
 * as long as the previous model, on which the collector then spends time after every keystroke.
 */
function forgetMemos(model: CodeModel): void {
  forgetOrigins(model);
  forgetConstructions(model);
  forgetFileAccesses(model);
}

/** True when an offset lies inside a comment (binary search: comments are in source order). */
function inComment(model: CodeModel, offset: number): boolean {
  const comments = model.comments;
  let lo = 0;
  let hi = comments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const comment = comments[mid];
    if (offset < comment.start) hi = mid - 1;
    else if (offset >= comment.end) lo = mid + 1;
    else return true;
  }
  return false;
}
