/**
 * What a rule is: metadata (id, tenet, severities per profile, options, messages) kept apart from
 * detection (`check`), and fixes built by their own functions. Findings are identified by rule id
 * and message id with data, never by message text.
 */
import type { Range } from '../parse/ast';
import type { SemanticModel } from '../model/types';
import type { OffsetEdit } from '../fix/edits';
import type { CodeModel } from '../code/model';

export type Tenet =
  | 'unit'
  | 'nomachines'
  | 'storage'
  | 'scaling'
  | 'provisioning'
  | 'idle'
  | 'resilience'
  | 'limits'
  | 'network'
  | 'meta';

export type Profile = 'recommended' | 'strict' | 'relaxed';
export const PROFILES: readonly Profile[] = ['recommended', 'strict', 'relaxed'];

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export interface RuleOption {
  description: string;
  /** The default per profile. */
  default: Record<Profile, number>;
  /** The accepted range (what Lambda itself allows, for budgets). */
  min: number;
  max: number;
  unit?: string;
}

export interface RuleMeta {
  id: string;
  tenet: Tenet;
  /** One line: what the rule flags. */
  description: string;
  /** Why it matters for the manifesto (hover and docs). */
  why: string;
  /** The serverless alternative. */
  alternative: string;
  /** When the deviation is justified. */
  justified: string;
  severity: Record<Profile, SeveritySetting>;
  /**
   * The fixes the rule may offer: `safe` (safe ones, and unsafe alternatives), `unsafe` (unsafe ones
   * only) or `none`; per kind of file when they differ. The engine refuses any other fix.
   */
  fixable: Fixable | { template: Fixable; code: Fixable };
  /** Message templates by id; `{{name}}` is replaced by the finding's data. */
  messages: Record<string, string>;
  options?: Record<string, RuleOption>;
}

/** An edit in LSP terms (0-based lines and UTF-16 characters). */
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  safe: boolean;
  edits: TextEdit[];
}

export interface RelatedLocation {
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  tenet: Tenet;
  severity: Severity;
  messageId: string;
  data: Record<string, string | number>;
  message: string;
  path: string;
  range: Range;
  /** Logical ids of every function the finding affects. */
  functions: string[];
  fixes: Fix[];
  related: RelatedLocation[];
}

export type Fixable = 'safe' | 'unsafe' | 'none';

/** What a file is to the rules: a template (any IaC format) or handler code. */
export type FileKind = 'template' | 'code';

/** What a rule declares it may fix in a kind of file. */
export function fixableIn(meta: RuleMeta, kind: FileKind): Fixable {
  return typeof meta.fixable === 'string' ? meta.fixable : meta.fixable[kind];
}

/**
 * A fix as a rule offers it (ESLint's `fix(fixer)` shape): its edits are built when the engine asks,
 * through the format's operations; undefined when the format cannot make this fix here.
 */
export interface FixSpec {
  title: string;
  safety: 'safe' | 'unsafe';
  edits(): OffsetEdit[] | undefined;
}

export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  /** Offsets of what the finding points at. */
  start: number;
  end: number;
  functions?: string[];
  fixes?: FixSpec[];
  /** Raise the severity above the configured one (e.g. a setting that is always wrong). */
  escalate?: Severity;
  related?: { start: number; end: number; message: string }[];
}

/** What the engine may ask of its host (the file system, for the CLI; the workspace, in the editor). */
export interface Host {
  /** True when a file or folder exists at the path. */
  exists(path: string): boolean;
  /**
   * The text of a file, or undefined when it cannot be read. Optional: with it (and the code parsers
   * initialised), unit/handler-not-found also checks that the handler's export exists.
   */
  readFile?(path: string): string | undefined;
  /**
   * Told when a handler's export could not be checked because the grammar of its language is not
   * loaded (`initCodeParsers`): the caller may load it and analyse again. Each analysis through the
   * front door collects these as its `needs`.
   */
  wantParser?(language: 'javascript' | 'typescript' | 'tsx' | 'python'): void;
}

export interface RuleContext {
  model: SemanticModel;
  profile: Profile;
  /** Options resolved for the profile and the user's configuration. */
  options: Record<string, number>;
  host: Host | undefined;
  report(report: Report): void;
}

/** What a rule sees of a handler source file. */
export interface CodeRuleContext {
  model: CodeModel;
  profile: Profile;
  options: Record<string, number>;
  report(report: Report): void;
}

/** A rule checks templates (`check`), handler code (`checkCode`), or both. */
export interface Rule {
  meta: RuleMeta;
  /**
   * What the template findings depend on, which lets a re-lint after an edit skip work. `function`:
   * every finding lies in one function's resource entry (or in `Globals`) and depends on nothing but
   * that function as the model describes it (its entry, its properties own and from `Globals`, its
   * events and links, the parameters, the options, the document's text and syntax); after an edit the
   * rule runs again only for the functions whose model changed. By default the rule runs in full.
   */
  scope?: 'function';
  check?(context: RuleContext): void;
  checkCode?(context: CodeRuleContext): void;
}
