/**
 * Re-linting a template after an incremental re-parse (one entry of `Resources` replaced): the rules
 * scoped to a function run again only for the functions whose model changed, and their other
 * findings are kept, moved with the text after the edit.
 */
import type { ResolvedConfig } from '../../config/config';
import { type Position, type Range, keyText } from '../../parse/ast';
import type { Finding, Host, Rule } from '../../rules/types';
import { RuleFindings } from '../../findings';
import { runRule, severityOf } from '../../run-rules';
import type { ReparseEdit } from './incremental';
import { sameFunction } from './same-function';
import type { TemplateSemantics } from './semantic';
import type { LambdaFunction, TemplateModel } from './types';

/** What a re-lint needs of the previous lint of the document. */
export interface PreviousLint {
  config: ResolvedConfig;
  rules: readonly Rule[];
  model: TemplateModel;
  /** Each enabled rule's findings, before suppressions, in the order reported. */
  raw: Map<Rule, RuleFindings>;
}

/** Same profile, severities and options for every rule. */
function sameSettings(a: ResolvedConfig, b: ResolvedConfig): boolean {
  if (a === b) return true;
  if (a.profile !== b.profile || a.rules.size !== b.rules.size) return false;
  for (const [id, x] of a.rules) {
    const y = b.rules.get(id);
    if (!y || x.severity !== y.severity) return false;
    const keys = Object.keys(x.options);
    if (keys.length !== Object.keys(y.options).length || keys.some((k) => x.options[k] !== y.options[k]))
      return false;
  }
  return true;
}

/** The `Globals` settings a function takes (which, and the pairs they come from), and what decides their budgets. */
function sameGlobals(a: LambdaFunction | undefined, b: LambdaFunction | undefined): boolean {
  const taken = (fn: LambdaFunction | undefined): unknown[] => {
    if (!fn || fn.type !== 'AWS::Serverless::Function') return [];
    const out: unknown[] = [fn.behindRestApi, fn.behindHttpApi];
    for (const [name, prop] of fn.props) {
      const global = prop.fromGlobals ? prop : prop.inherited;
      if (global) out.push(name, prop.fromGlobals, global.pair);
    }
    return out;
  };
  const x = taken(a);
  const y = taken(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Re-lints after an incremental re-parse (one entry of `Resources` replaced): rules scoped to a
 * function run again only for the functions whose model changed, and keep their other findings
 * (moved with the text after the edit); every other rule runs in full. Returns null when the edit
 * does not allow it (other settings, another `Globals` or `Parameters`, a function that moved in or
 * out of a `Globals` setting, many functions changed), and the caller lints in full instead.
 */
export function relint(
  semantics: TemplateSemantics,
  config: ResolvedConfig,
  host: Host | undefined,
  rules: readonly Rule[],
  previous: PreviousLint,
  edit: ReparseEdit,
): Map<Rule, RuleFindings> | null {
  const model = semantics.template;
  const before = previous.model;
  if (
    previous.rules !== rules ||
    !sameSettings(previous.config, config) ||
    before.parameters !== model.parameters ||
    before.globalFunction !== model.globalFunction ||
    before.doc.format !== model.doc.format
  )
    return null;

  // The functions whose model changed: the edited one, and any whose links changed with it.
  const old = new Map(before.functions.map((fn) => [fn.id, fn]));
  /** Where each changed function is in the model's list (the semantic model restricts itself by index). */
  const dirtyIndexes: number[] = [];
  for (let i = 0; i < model.functions.length; i++) {
    const fn = model.functions[i];
    const was = old.get(fn.id);
    if (was && sameFunction(was, fn)) continue;
    // Their findings about Globals settings name every function that takes the setting: reused
    // only when no function starts or stops taking one.
    if (model.globalFunction && !sameGlobals(was, fn)) return null;
    dirtyIndexes.push(i);
  }
  // A function the edit turned into another resource.
  const id = keyText(edit.newPair.key);
  const gone = id === null ? undefined : old.get(id);
  if (
    gone &&
    model.globalFunction &&
    !model.functions.some((fn) => fn.id === id) &&
    !sameGlobals(gone, undefined)
  )
    return null;
  if (dirtyIndexes.length > 16 && dirtyIndexes.length > model.functions.length / 4) return null;

  // Where the changed functions are written, in the new text, and the edited entry.
  const spans = dirtyIndexes.map((i) => {
    const { resource } = model.functions[i];
    return [resource.keyNode.start, resource.body.end];
  });
  spans.push([edit.newPair.key.start, Math.max(edit.newPair.key.end, edit.newPair.value.end)]);
  // As lines: entries of a block mapping never share a line.
  const lines = model.doc.lines;
  // (the last line holds the last character: a block scalar's end can be the next line's start).
  // Checked for every kept finding: the spans' first and last lines in flat arrays.
  const firsts = spans.map(([start]) => lines.position(start).line);
  const lasts = spans.map(([start, end]) => lines.position(Math.max(start, end - 1)).line);
  const inDirty = (line: number): boolean => {
    for (let i = 0; i < firsts.length; i++) if (line >= firsts[i] && line <= lasts[i]) return true;
    return false;
  };
  const subModel = semantics.restrictedTo(dirtyIndexes);

  const raw = new Map<Rule, RuleFindings>();
  const { entryStartLine, oldEntryEndLine, lineDelta } = edit;
  for (const rule of rules) {
    if (!rule.check) continue;
    const severity = severityOf(rule, config);
    if (severity === 'off') continue;
    const kept = previous.raw.get(rule);
    if (rule.scope !== 'function' || !kept) {
      raw.set(rule, RuleFindings.of(runRule(rule, severity, semantics, model.doc, config, host)));
      continue;
    }
    const list = new RuleFindings();
    for (let i = 0; i < kept.length; i++) {
      // Decided from the copied lines where they suffice; the finding is read only when it moves
      // or a range of it lies in the edited entry's lines.
      const startLine = kept.startLine(i);
      if (startLine >= entryStartLine && startLine < oldEntryEndLine) continue; // found again below
      const first = kept.firstLine(i);
      const last = kept.lastLine(i);
      if (last < entryStartLine || (first >= oldEntryEndLine && lineDelta === 0)) {
        // Wholly before the edited entry, or after it with no lines added or removed: unchanged.
        if (!inDirty(startLine)) list.push(kept.findings[i], startLine, kept.startCharacter(i), first, last);
        continue;
      }
      if (first >= oldEntryEndLine) {
        // Wholly after the entry: every range moves by the same number of lines.
        if (!inDirty(startLine + lineDelta))
          list.push(
            shiftFinding(kept.findings[i], edit),
            startLine + lineDelta,
            kept.startCharacter(i),
            first + lineDelta,
            last + lineDelta,
          );
        continue;
      }
      const moved = moveFinding(kept.findings[i], edit);
      if (moved === null) return null;
      // Inside the edited span (undefined) or a changed function: found again below.
      if (moved === undefined || inDirty(moved.range.start.line)) continue;
      list.add(moved);
    }
    if (dirtyIndexes.length > 0)
      for (const finding of runRule(rule, severity, subModel, model.doc, config, host))
        if (inDirty(finding.range.start.line)) list.add(finding);
    raw.set(rule, list);
  }
  return raw;
}

/** Where a position of the previous text is: before the edit (0, unchanged), after the entry (1, moved), or lost (2). */
function placeOf(p: Position, edit: ReparseEdit): number {
  if (p.line < edit.entryStartLine) return 0;
  if (p.line >= edit.oldEntryEndLine) return 1;
  const from = edit.fromPosition;
  return p.line < from.line || (p.line === from.line && p.character < from.character) ? 0 : 2;
}

/** The worst place of a range's ends (0 before the edit, 1 after the entry, 2 lost). */
function placeOfRange(r: Range, edit: ReparseEdit): number {
  return Math.max(placeOf(r.start, edit), placeOf(r.end, edit));
}

/**
 * A finding of the previous text moved to the new one: the same object when nothing moved,
 * undefined when it starts in the edited entry, null when another of its positions lies in the edited
 * part of it.
 */
function moveFinding(finding: Finding, edit: ReparseEdit): Finding | null | undefined {
  const start = finding.range.start.line;
  if (start >= edit.entryStartLine && start < edit.oldEntryEndLine) return undefined;
  // Indexed loops: this runs for every finding on every re-lint, and iterators would allocate.
  let place = placeOfRange(finding.range, edit);
  const { related, fixes } = finding;
  for (let i = 0; i < related.length; i++) place = Math.max(place, placeOfRange(related[i].range, edit));
  for (let i = 0; i < fixes.length; i++)
    for (let j = 0; j < fixes[i].edits.length; j++)
      place = Math.max(place, placeOfRange(fixes[i].edits[j].range, edit));
  if (place === 2) return null;
  if (place === 0 || edit.lineDelta === 0) return finding;
  return shiftFinding(finding, edit);
}

/** A copy of a finding with every position after the edited entry moved by the lines the edit added. */
function shiftFinding(finding: Finding, edit: ReparseEdit): Finding {
  const { lineDelta, oldEntryEndLine } = edit;
  const move = (p: Position): Position =>
    p.line >= oldEntryEndLine ? { line: p.line + lineDelta, character: p.character } : p;
  const moveRange = (r: Range): Range => ({ start: move(r.start), end: move(r.end) });
  return {
    ...finding,
    range: moveRange(finding.range),
    related: finding.related.map((r) => ({ ...r, range: moveRange(r.range) })),
    fixes: finding.fixes.map((fix) => ({
      ...fix,
      edits: fix.edits.map((e) => ({ ...e, range: moveRange(e.range) })),
    })),
  };
}
