/**
 * What the engine and the front door need to lint a Terraform folder as one analysed file: the folder
 * as a `LintedFile` (its joined text, lines and problems), its suppressions in the folder's lines, and
 * the findings split back into each file's own (each file starts on a line of its own in the joined
 * text, so a position moves by whole lines: characters are unchanged).
 */
import { LineIndex, type SyntaxProblem } from '../../parse/ast';
import type { LineDirective, LineDirectives } from '../../suppressions';
import type { Finding } from '../../rules/types';
import type { TerraformFolder } from './configuration';
import type { HclFile } from './hcl-syntax';
import { fileDirectives } from './suppressions';

/** The folder as the engine lints it: findings' ranges are in these lines until `findingsByFile`. */
export interface FolderFile {
  path: string;
  text: string;
  lines: LineIndex;
  problems: SyntaxProblem[];
}

/** The folder as one linted file; `path` is the analysed file (the code folder is read from its folder). */
export function folderFile(folder: TerraformFolder, path: string): FolderFile {
  return { path, text: folder.text, lines: new LineIndex(folder.text), problems: folder.problems };
}

/** The folder line each file starts on. */
function firstLines(folder: TerraformFolder, lines: LineIndex): Map<HclFile, number> {
  return new Map(folder.files.map((file) => [file, lines.position(file.base).line]));
}

/** Every file's `ownless-ignore` directives, keyed by the folder's lines (what the engine's applySuppressions reads). */
export function folderLineDirectives(
  folder: TerraformFolder,
  lines: LineIndex,
  knownRules: ReadonlySet<string>,
): LineDirectives {
  const byLine = new Map<number, LineDirective[]>();
  const problems: LineDirectives['problems'] = [];
  for (const [file, first] of firstLines(folder, lines)) {
    if (!file.text.includes('ownless-ignore')) continue;
    const own = fileDirectives(file, knownRules);
    const moved = new Map<LineDirective, LineDirective>();
    for (const [line, directives] of own.byLine) {
      const list = directives.map((d) => {
        let shifted = moved.get(d);
        if (!shifted) moved.set(d, (shifted = { ...d, lines: d.lines.map((l) => l + first) }));
        return shifted;
      });
      byLine.set(line + first, list);
    }
    problems.push(...own.problems);
  }
  return { byLine, problems };
}

/**
 * Findings of the folder by file, their ranges (related locations and fix edits too) in the file's own
 * lines. A related location or a fix edit in another file is left out: neither says which file it is in.
 */
export function findingsByFile(
  folder: TerraformFolder,
  lines: LineIndex,
  findings: readonly Finding[],
): Map<string, Finding[]> {
  const starts = [...firstLines(folder, lines)]
    .map(([file, line]) => ({ path: file.path, line }))
    .sort((a, b) => a.line - b.line);
  const fileOf = (line: number) => {
    let found = starts[0];
    for (const s of starts) if (s.line <= line) found = s;
    return found;
  };
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const file = fileOf(finding.range.start.line);
    if (!file) continue;
    const next = starts.find((s) => s.line > file.line)?.line ?? Infinity;
    // An edit that takes a file's last line up to the next file's start still ends in this file.
    const inFile = (r: Finding['range']) =>
      r.start.line >= file.line && (r.end.line < next || (r.end.line === next && r.end.character === 0));
    const move = (r: Finding['range']) => ({
      start: { line: r.start.line - file.line, character: r.start.character },
      end: { line: r.end.line - file.line, character: r.end.character },
    });
    const moved: Finding = {
      ...finding,
      path: file.path,
      range: move(finding.range),
      related: finding.related.filter((r) => inFile(r.range)).map((r) => ({ ...r, range: move(r.range) })),
      fixes: finding.fixes
        .filter((fix) => fix.edits.every((e) => inFile(e.range)))
        .map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: move(e.range) })) })),
    };
    byFile.set(file.path, [...(byFile.get(file.path) ?? []), moved]);
  }
  return byFile;
}
