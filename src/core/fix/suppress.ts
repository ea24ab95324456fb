/**
 * "Accept this deviation": the edit that suppresses one finding with a reason. YAML gets a
 * `# ownless-ignore <rule-id>: <reason>` line above the flagged line; JSON, which CloudFormation reads
 * without comments, gets a `Metadata.ownless.ignore` entry on the resource (or each function) instead.
 * Every edit is checked by re-linting: it must parse and the finding must be gone.
 */
import type { LintResult } from '../engine';
import type { Resource } from '../formats/cloudformation/types';
import { type MapNode, asMap, asSeq, get, lineStartAt } from '../parse/ast';
import type { Finding } from '../rules/types';
import { lineCommentOf } from '../model/document';
import { type OffsetEdit, applyOffsetEdits, insertPairs } from './edits';
import { followLineEnding } from './line-endings';

/** One line, no comment terminators: a reason must not end the comment or the file's syntax. */
export function cleanReason(reason: string): string {
  return reason
    .replace(/[\r\n]+/g, ' ')
    .replace(/\*\//g, '* /')
    .trim();
}

/** A directive line above the flagged line, in the file's comment syntax (`#` or `//`). */
function commentEdits(result: LintResult, finding: Finding, reason: string, comment: string): OffsetEdit[] {
  const text = result.doc.text;
  const start = lineStartAt(text, result.doc.lines.offset(finding.range.start));
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  const directive = `${comment} ownless-ignore ${finding.ruleId}${reason ? `: ${reason}` : ':'}`;
  return [{ start, end: start, newText: `${indent}${directive}\n` }];
}

/** The template resources a JSON suppression goes on (none in a file of another format). */
function ownerResources(result: LintResult, finding: Finding): Resource[] {
  const { model } = result;
  if (!model) return [];
  const offset = result.doc.lines.offset(finding.range.start);
  const owner = [...model.resources.values()].find((r) => r.keyNode.start <= offset && offset <= r.body.end);
  if (owner) return [owner];
  return finding.functions.flatMap((id) => model.resources.get(id) ?? []);
}

function jsonEdits(result: LintResult, finding: Finding, reason: string): OffsetEdit[] | undefined {
  // A JSON file of another format (serverless.json) has neither comments nor resource metadata.
  const { model } = result;
  if (!model) return undefined;
  const entry = JSON.stringify({ rule: finding.ruleId, reason });
  const owners = ownerResources(result, finding);
  if (owners.length === 0) return undefined;
  const edits: OffsetEdit[] = [];
  for (const resource of owners) {
    const metadata = get(resource.body, 'Metadata');
    const ownless = get(metadata, 'ownless');
    const ignore = get(ownless, 'ignore');
    let into: MapNode | null = resource.body;
    let pair: [string, string] = ['Metadata', `{ "ownless": { "ignore": [${entry}] } }`];
    if (metadata) {
      into = asMap(metadata);
      pair = ['ownless', `{ "ignore": [${entry}] }`];
    }
    if (ownless) {
      into = asMap(ownless);
      pair = ['ignore', `[${entry}]`];
    }
    if (ignore) {
      const list = asSeq(ignore);
      if (!list?.flow) return undefined;
      const last = list.items[list.items.length - 1];
      edits.push(
        last
          ? { start: last.end, end: last.end, newText: `, ${entry}` }
          : { start: list.start + 1, end: list.end - 1, newText: entry },
      );
      continue;
    }
    if (!into) return undefined;
    edits.push(...insertPairs(model.doc, into, [pair]));
  }
  return edits;
}

function sameFinding(a: Finding, b: Finding): boolean {
  return (
    a.ruleId === b.ruleId &&
    a.messageId === b.messageId &&
    a.functions.join() === b.functions.join() &&
    JSON.stringify(a.data) === JSON.stringify(b.data)
  );
}

/**
 * The edits that suppress `finding` with `reason` (which may be empty: the editor then leaves the
 * user to write it, and meta/invalid-suppression asks for it), or undefined when no edit that
 * parses and removes the finding exists.
 */
export function suppressionEdits(
  result: LintResult,
  finding: Finding,
  reason: string,
  relint: (text: string) => LintResult,
): OffsetEdit[] | undefined {
  if (finding.ruleId.startsWith('meta/')) return undefined;
  const clean = cleanReason(reason);
  const comment = lineCommentOf(result.doc.syntax);
  const written =
    comment === undefined ? jsonEdits(result, finding, clean) : commentEdits(result, finding, clean, comment);
  if (!written || written.length === 0) return undefined;
  const edits = followLineEnding(result.doc.text, written);
  const after = relint(applyOffsetEdits(result.doc.text, edits));
  if (after.doc.problems.length > result.doc.problems.length) return undefined;
  if (after.findings.some((f) => sameFinding(f, finding))) return undefined;
  return edits;
}
