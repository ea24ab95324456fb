/**
 * Suppressions in HCL: `# ownless-ignore <rule>: <reason>` (or `//`) on the flagged line or alone on a
 * line above it, read by the engine's own reader (src/core/suppressions.ts readLineDirectives: it
 * knows both comment syntaxes), in comments only (not inside a heredoc or a string). Terraform has
 * no resource metadata to carry an ignore, so a directive above a block covers the whole block: above
 * `resource "aws_lambda_function" "worker"` it covers every finding inside that resource.
 */
import { type LineDirectives, readLineDirectives } from '../../suppressions';
import type { HclBlock, HclFile } from './hcl-syntax';
import type { TerraformFolder } from './configuration';

/** A file's directives: lines are the file's own (0-based); problem offsets are the folder's, like every span of the model. */
export interface FileDirectives extends LineDirectives {
  path: string;
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The lines each block (nested ones too) starts and ends on, by its first line. */
function blockLines(file: HclFile): Map<number, number> {
  const lines = new Map<number, number>();
  const visit = (block: HclBlock) => {
    const first = lineOf(file.text, block.start - file.base);
    const last = lineOf(file.text, block.end - file.base);
    lines.set(first, Math.max(lines.get(first) ?? first, last));
    for (const nested of block.body.blocks) visit(nested);
  };
  for (const block of file.body.blocks) visit(block);
  return lines;
}

/** The `ownless-ignore` directives of one file of the folder. */
export function fileDirectives(file: HclFile, knownRules: ReadonlySet<string>): FileDirectives {
  const inComment = (offset: number) =>
    file.comments.some((c) => c.start - file.base <= offset && offset < c.end - file.base);
  const { byLine, problems } = readLineDirectives(file.text, knownRules, inComment);
  if (byLine.size > 0) {
    const blocks = blockLines(file);
    for (const directives of [...byLine.values()])
      for (const directive of directives) {
        const covered = directive.lines[directive.lines.length - 1];
        const last = blocks.get(covered);
        if (last === undefined || directive.lines.includes(last)) continue;
        for (let line = covered + 1; line <= last; line++) {
          directive.lines.push(line);
          byLine.set(line, [...(byLine.get(line) ?? []), directive]);
        }
      }
  }
  return {
    path: file.path,
    byLine,
    problems: problems.map((p) => ({ ...p, start: p.start + file.base, end: p.end + file.base })),
  };
}

/** Every file's directives. */
export function folderDirectives(folder: TerraformFolder, knownRules: ReadonlySet<string>): FileDirectives[] {
  return folder.files.map((file) => fileDirectives(file, knownRules));
}
