/**
 * The front door's Terraform part. A Terraform module is a folder: a `.tf` file is analysed with every
 * `*.tf` beside it (the editor's text for the given file, the host's or the disk's for the others, read
 * safely: regular files only, bounded) and its variable files, linted once as the folder, and the
 * findings are split back into each file's own lines. The analysis of one file carries every file's
 * (`files`), so a front end that wants the whole folder lints it once.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ResolvedConfig } from './config/config';
import { type LintResult, lintModel } from './engine';
import {
  type SourceFile,
  TerraformSemantics,
  findingsByFile,
  folderFile,
  folderLineDirectives,
  hclParserReady,
  isTerraformPath,
  readTerraform,
  terraformFileNames,
} from './formats/terraform';
import type { LambdaFunction } from './model/types';
import type { AnalyzedDocument } from './model/document';
import { LineIndex, type Range, type SyntaxProblem } from './parse/ast';
import { readTextFile, unreadableReason } from './read-file';
import { RULES_BY_ID } from './rules';
import type { Host } from './rules/types';
import type { CodeLanguage } from './code/parsers';
import type { AnalyzeOptions, FileInput, TemplateAnalysis } from './index';

const KNOWN_RULES: ReadonlySet<string> = new Set(RULES_BY_ID.keys());

/** What a Terraform analysis gives: the given file's result and every file's, or why there is none. */
export type TerraformAnalysis =
  | { kind: 'terraform'; result: LintResult; files: LintResult[] }
  | { kind: 'needsGrammar' }
  | { kind: 'unreadable'; reason: string };

/** Reads a file of the folder: through the host when it reads files, else from disk, bounded. */
function readSibling(path: string, maxSize: number, host: Host | undefined): string | undefined {
  if (host?.readFile) return host.readFile(path);
  const read = readTextFile(path, maxSize);
  return 'text' in read ? read.text : undefined;
}

/** The names in the folder of `path`; none when it cannot be listed (a file not on disk). */
function folderNames(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** The result of one file of the folder: its own text, lines and problems; its findings in its lines. */
function fileResult(
  semantics: TerraformSemantics,
  path: string,
  findings: LintResult['findings'],
): LintResult | undefined {
  const file = semantics.folder.files.find((f) => f.path === path);
  if (!file) return undefined;
  const end = file.base + file.text.length;
  const problems: SyntaxProblem[] = file.problems.map((p) => ({
    ...p,
    start: p.start - file.base,
    end: Math.min(p.end, end) - file.base,
  }));
  const doc: AnalyzedDocument = {
    path,
    text: file.text,
    syntax: 'hcl',
    lines: new LineIndex(file.text),
    problems,
  };
  return { doc, semantics, model: undefined, findings };
}

/**
 * Analyses the folder of a `.tf` file (`text`: the editor's text of that file). Requires the HCL
 * grammar (`needsGrammar` otherwise).
 */
export function analyzeTerraform(
  path: string,
  text: string | undefined,
  config: ResolvedConfig,
  host: Host | undefined,
): TerraformAnalysis {
  if (!hclParserReady()) return { kind: 'needsGrammar' };
  const maxSize = config.limits.maxFileSize;
  let own = text;
  if (own === undefined) {
    const read = readTextFile(path, maxSize);
    if ('problem' in read) return { kind: 'unreadable', reason: unreadableReason(read, `${maxSize} bytes`) };
    own = read.text;
  }
  if (own.length > maxSize) return { kind: 'unreadable', reason: `larger than ${maxSize} bytes` };
  const dir = dirname(path);
  const name = basename(path);
  const names = folderNames(dir);
  if (!names.includes(name)) names.push(name);
  const listed = terraformFileNames(names);
  const read = (n: string): SourceFile | undefined => {
    if (n === name) return { path, text: own };
    const full = join(dir, n);
    const sibling = readSibling(full, maxSize, host);
    return sibling === undefined || sibling.length > maxSize ? undefined : { path: full, text: sibling };
  };
  const files = listed.files.map(read).filter((f): f is SourceFile => f !== undefined);
  const variableFiles = listed.variableFiles.map(read).filter((f): f is SourceFile => f !== undefined);
  const { folder, model } = readTerraform({ path, files, variableFiles });
  const doc = { ...folderFile(folder, path), syntax: 'hcl' as const };
  const directives = folderLineDirectives(folder, doc.lines, KNOWN_RULES);
  const linted = lintModel(doc, model, config, host, { directives });
  const byFile = findingsByFile(folder, doc.lines, linted.findings);
  const results = folder.files
    .map((f) => fileResult(model, f.path, byFile.get(f.path) ?? []))
    .filter((r): r is LintResult => r !== undefined);
  // Rules that crashed are problems of the folder: they are said in the given file.
  const result = results.find((r) => r.doc.path === path)!;
  const crashed = doc.problems.slice(folder.problems.length);
  for (const p of crashed) result.doc.problems.push({ ...p, start: 0, end: 0 });
  return { kind: 'terraform', result, files: results };
}

/**
 * The functions declared in an analysed file: for Terraform, those whose declaration is in the file
 * (the folder's model is shared by its files); every function of the model otherwise.
 */
export function fileFunctions(result: LintResult): readonly LambdaFunction[] {
  const { semantics } = result;
  if (!(semantics instanceof TerraformSemantics)) return semantics.functions;
  const file = semantics.folder.files.find((f) => f.path === result.doc.path);
  if (!file) return [];
  return semantics.functions.filter((fn) => semantics.folder.fileAt(fn.site.span.start) === file);
}

/** The offset of an analysed file's text in its model's spans (a Terraform file's base in its folder). */
export function fileBase(result: LintResult): number {
  const { semantics } = result;
  if (!(semantics instanceof TerraformSemantics)) return 0;
  return semantics.folder.files.find((f) => f.path === result.doc.path)?.base ?? 0;
}

/** The host the rules get: the given one's lookups, and the grammars they wanted collected in `needs`. */
export function collectingHost(given: Host | undefined, needs: CodeLanguage[]): Host | undefined {
  return (
    given && {
      exists: (path) => given.exists(path),
      readFile: given.readFile && ((path) => given.readFile!(path)),
      wantParser: (language) => {
        if (!needs.includes(language)) needs.push(language);
      },
    }
  );
}

/**
 * A Terraform file through the front door: its folder read and linted as one module, this file's
 * result with every file's; `needsParsers` until the HCL grammar is loaded.
 */
export function analyzeTerraformFile(input: FileInput, options: AnalyzeOptions): TemplateAnalysis {
  const needs: CodeLanguage[] = [];
  const host = collectingHost(options.host, needs);
  const analysis = analyzeTerraform(input.path, input.text, options.config, host);
  if (analysis.kind === 'needsGrammar') return { kind: 'needsParsers', needs: ['terraform'] };
  if (analysis.kind === 'unreadable') return analysis;
  return { kind: 'template', result: analysis.result, needs, files: analysis.files };
}

/** The functions declared in an analysed file, each with its declaration's range in the file's own lines. */
export function declaredFunctions(result: LintResult): { fn: LambdaFunction; range: Range }[] {
  const base = fileBase(result);
  return fileFunctions(result).map((fn) => {
    const { span } = fn.site;
    return { fn, range: result.doc.lines.range(span.start - base, span.end - base) };
  });
}

/**
 * The Terraform files whose analysis reads `path` (a `.tf` or variable file): the other `*.tf` files of
 * its folder, which a change to it affects. None for other files.
 */
export function terraformNeighbours(path: string): string[] {
  const name = basename(path);
  if (!isTerraformPath(name) && terraformFileNames([name]).variableFiles.length === 0) return [];
  const dir = dirname(path);
  return terraformFileNames(folderNames(dir))
    .files.filter((n) => n !== name)
    .map((n) => join(dir, n));
}
