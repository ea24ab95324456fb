/**
 * The lint engine: run every enabled rule over a file's semantic model, turn reports into findings
 * (messages, LSP ranges, fixes), then apply suppressions. Templates (CloudFormation/SAM) are
 * re-linted incrementally after an edit; other formats are linted in full. Pure: the host supplies
 * file lookups.
 */
import { buildModel } from './formats/cloudformation/build';
import type { TemplateModel } from './formats/cloudformation/types';
import { TemplateSemantics } from './formats/cloudformation/semantic';
import { takeReparseEdit } from './formats/cloudformation/incremental';
import { type PreviousLint, relint } from './formats/cloudformation/relint';
import { type TemplateDocument, parseTemplate } from './formats/cloudformation/template';
import type { ResolvedConfig } from './config/config';
import type { SemanticModel } from './model/types';
import type { AnalyzedDocument } from './model/document';
import { RULES, RULES_BY_ID } from './rules';
import type { Finding, Host, Rule } from './rules/types';
import {
  type LineDirectives,
  type Suppressions,
  applySuppressions,
  readLineDirectives,
  readSuppressions,
} from './suppressions';
import { type RuleFindings, narrowFinding, sortFindings, sortedFindings, toFinding } from './findings';
import { runAllRules, severityOf } from './run-rules';

export interface LintResult {
  /** The analysed file: its text, lines, syntax and syntax problems (a template's is `model.doc`). */
  doc: AnalyzedDocument;
  /** What the rules read: the format's semantic model (`semantics.format.id` names the format). */
  semantics: SemanticModel;
  /** The CloudFormation template model; undefined for files of other formats. */
  model: TemplateModel | undefined;
  findings: Finding[];
}

const KNOWN_RULES: ReadonlySet<string> = new Set(RULES_BY_ID.keys());

/** What the engine keeps of a lint, to re-lint the next version of the document incrementally. */
interface LintState extends PreviousLint {
  /** The text holds `ownless-ignore` somewhere. */
  directives: boolean;
  /** The text holds `ownless` or a backslash somewhere (see mayMentionOwnless). */
  mentions: boolean;
}

const DIRECTIVE_WORD = 'ownless-ignore';
const OWNLESS = 'ownless';

function mayMentionOwnless(text: string): boolean {
  return text.includes(OWNLESS) || text.includes('\\');
}

/** What a text that cannot hold a suppression has (never written to). */
const NO_SUPPRESSIONS: Suppressions = Object.freeze({
  byLine: new Map(),
  byResource: new Map(),
  problems: [],
}) as Suppressions;

/** How many lints were incremental (for tests and benchmarks). */
export const lintCounts = { full: 0, incremental: 0 };

/** By the document linted; an incremental re-parse of it names it as its previous document. */
const states = new WeakMap<TemplateDocument, LintState>();

/** Lints a parsed template. */
export function lintDocument(
  doc: TemplateDocument,
  config: ResolvedConfig,
  host?: Host,
  rules: readonly Rule[] = RULES,
): LintResult {
  const edit = takeReparseEdit(doc);
  const model = buildModel(doc);
  const semantics = TemplateSemantics.of(model);
  const previous = edit && states.get(edit.previous);
  let raw = previous && edit && relint(semantics, config, host, rules, previous, edit);
  if (raw) lintCounts.incremental++;
  else {
    raw = runAllRules(semantics, doc, config, host, rules);
    lintCounts.full++;
  }
  // Suppressions need the word `ownless` (an `ownless-ignore` comment, a `Metadata.ownless` key) or
  // a backslash (an escape could spell it): a text without either has none, and the resources need
  // not be searched. After an edit, only the edited span is searched when the text had neither before.
  // The whole text is searched, or only the edited span (and as much around it as `word` is long)
  // when the previous text had nothing to find.
  const search = (hadBefore: boolean | undefined, word: string, found: (text: string) => boolean) =>
    previous && edit && !hadBefore
      ? found(doc.text.slice(Math.max(0, edit.from - word.length), edit.newTo + word.length))
      : found(doc.text);
  const mentions = search(previous?.mentions, OWNLESS, mayMentionOwnless);
  const directives =
    mentions && search(previous?.directives, DIRECTIVE_WORD, (t) => t.includes(DIRECTIVE_WORD));
  const suppressions = mentions ? readSuppressions(model, KNOWN_RULES, directives) : NO_SUPPRESSIONS;
  const findings = suppressed(raw, doc, config, suppressions, model);
  // Only a document an edit can be re-parsed from incrementally is worth remembering.
  if (doc.syntax === 'yaml' && !doc.aliased && doc.problems.length === 0)
    states.set(doc, { config, rules, model, raw, directives, mentions });
  return { doc, semantics, model, findings };
}

export interface LintModelOptions {
  rules?: readonly Rule[];
  /** Whether an offset lies in a comment: in code (a CDK app), a directive inside a string is none. */
  inComment?: (offset: number) => boolean;
  /**
   * The file's suppressions, read by its format (a Terraform folder's, by the folder's lines); read
   * from the text with `readLineDirectives` otherwise.
   */
  directives?: LineDirectives;
}

/**
 * Lints a file of another format from its semantic model, in full. Suppressions are the format's
 * comments (`# ownless-ignore <rule>: <reason>`, or `//`), read from the file's text.
 */
export function lintModel(
  doc: AnalyzedDocument,
  semantics: SemanticModel,
  config: ResolvedConfig,
  host?: Host,
  options: LintModelOptions = {},
): LintResult {
  const raw = runAllRules(semantics, doc, config, host, options.rules ?? RULES);
  lintCounts.full++;
  const { directives } = options;
  const suppressions: Suppressions = directives
    ? directives.byLine.size > 0 || directives.problems.length > 0
      ? { ...directives, byResource: new Map() }
      : NO_SUPPRESSIONS
    : doc.text.includes(DIRECTIVE_WORD)
      ? { ...readLineDirectives(doc.text, KNOWN_RULES, options.inComment), byResource: new Map() }
      : NO_SUPPRESSIONS;
  return { doc, semantics, model: undefined, findings: suppressed(raw, doc, config, suppressions) };
}

/** The findings of every rule, sorted, without those suppressed, with the suppressions' own problems. */
function suppressed(
  raw: Map<Rule, RuleFindings>,
  doc: AnalyzedDocument,
  config: ResolvedConfig,
  suppressions: Suppressions,
  model?: TemplateModel,
): Finding[] {
  const lists = [...raw.values()];
  if (suppressions === NO_SUPPRESSIONS) return sortedFindings(lists);
  const findings: Finding[] = [];
  for (const list of lists) for (const finding of list.findings) findings.push(finding);
  const meta = RULES_BY_ID.get('meta/invalid-suppression')!;
  const metaSeverity = severityOf(meta, config);
  if (metaSeverity !== 'off')
    for (const problem of suppressions.problems)
      findings.push(toFinding(meta, metaSeverity, problem, doc.path, doc.lines, 'template'));
  return sortFindings(applySuppressions(findings, doc.lines, suppressions, narrowFinding, model));
}

/** Parses and lints a template's text. */
export function lintText(text: string, path: string, config: ResolvedConfig, host?: Host): LintResult {
  return lintDocument(parseTemplate(text, path, config.limits), config, host);
}
