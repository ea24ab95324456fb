/**
 * The AWS CDK adapter's entry points (static tier: nothing is run): recognise a CDK source file
 * (TypeScript, JavaScript or Python that imports the CDK), read it with tree-sitter into the code
 * model of src/core/code, and build its semantic model; the suppression comments it holds
 * (`// ownless-ignore <rule>: <reason>`, `#` in Python) are read by the shared reader, only where
 * they are comments.
 */
import { buildCodeModel } from '../../code/build-model';
import type { CodeModel } from '../../code/model';
import { type ParsedCode, parseCode, releaseCode } from '../../code/parse';
import { type CodeLanguage, codeParsersReady, languageForPath } from '../../code/parsers';
import { type LineDirectives, readLineDirectives } from '../../suppressions';
import { canonicalName } from './cdk-names';
import { scanConstructs } from './constructs';
import { ConstructPaths } from './construct-paths';
import { CdkFile } from './file';
import { type FileReader, readProject, stackIdsFor } from './project';
import { CdkSemantics } from './semantic';

export { CDK_PYTHON, CDK_TYPESCRIPT } from './names';
export { CdkSemantics } from './semantic';
export type { FileReader } from './project';

export interface CdkOptions {
  /** Reads cdk.json and the app's entry file (for feature flags and stack ids); without it, neither is read. */
  readFile?: FileReader;
  /** The same file's previous read, for an incremental parse (consumed: its tree is reused, then freed). */
  previous?: CdkRead;
  /** Keep the tree-sitter tree for the next incremental parse (default false: free it at once). */
  keepTree?: boolean;
}

export type CdkRead =
  | {
      kind: 'cdk';
      model: CdkSemantics;
      parsed: ParsedCode;
      /** Grammars the app's entry file needed (its stack ids were not read): load them and read again. */
      needs: CodeLanguage[];
    }
  /** The file's grammar is not loaded: await `initCodeParsers({ languages: needs })` and read again. */
  | { kind: 'needsParser'; needs: CodeLanguage[] }
  /** Code that does not import the CDK, or not code at all. */
  | { kind: 'notCdk' };

const CDK_IMPORT = /aws-cdk-lib|@aws-cdk\/|aws_cdk/;

/** A cheap test on the name and the text: code that mentions the CDK's packages. */
export function mightBeCdk(path: string, text: string): boolean {
  return languageForPath(path) !== undefined && CDK_IMPORT.test(text);
}

/** True when the file imports anything from the CDK. */
function importsCdk(model: CodeModel): boolean {
  for (const binding of model.moduleScope.bindings.values()) {
    if (binding.kind !== 'import' || !binding.import) continue;
    const { module, imported } = binding.import;
    const path = imported === '*' || imported === 'default' ? [] : [imported];
    if (canonicalName({ kind: 'module', module, path }) !== undefined) return true;
  }
  return false;
}

function modelReader(text: string, path: string, language: CodeLanguage): CodeModel | undefined {
  if (!codeParsersReady(language)) return undefined;
  return buildCodeModel(parseCode(text, language, undefined, undefined, { keepTree: false }), path);
}

/** Reads a CDK source file into its semantic model (synchronous once its grammar is loaded). */
export function readCdk(text: string, path: string, options: CdkOptions = {}): CdkRead {
  const language = languageForPath(path);
  if (!language || !CDK_IMPORT.test(text)) return { kind: 'notCdk' };
  if (!codeParsersReady(language)) return { kind: 'needsParser', needs: [language] };
  const previous = options.previous?.kind === 'cdk' ? options.previous.parsed : undefined;
  const parsed = parseCode(text, language, previous, undefined, { keepTree: options.keepTree ?? false });
  const code = buildCodeModel(parsed, path);
  if (!importsCdk(code)) {
    releaseCode(parsed);
    return { kind: 'notCdk' };
  }
  const project = readProject(path, options.readFile);
  const stackIds = stackIdsFor(project, path, options.readFile, modelReader);
  const file = new CdkFile(
    path,
    parsed,
    code,
    scanConstructs(code),
    new ConstructPaths(code, stackIds),
    project,
  );
  return { kind: 'cdk', model: CdkSemantics.of(file), parsed, needs: project.needs };
}

/**
 * The file's `ownless-ignore` comments (`//` or `#`), read by the shared reader: a directive inside a
 * string is none.
 */
export function cdkLineDirectives(
  read: Extract<CdkRead, { kind: 'cdk' }>,
  knownRules: ReadonlySet<string>,
): LineDirectives {
  return readLineDirectives(read.model.text, knownRules, cdkCommentTest(read));
}

/** Whether an offset of the file lies in one of its comments (a binary search over them). */
export function cdkCommentTest(read: Extract<CdkRead, { kind: 'cdk' }>): (offset: number) => boolean {
  const comments = read.model.file.code.comments;
  return (offset: number): boolean => {
    let lo = 0;
    let hi = comments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = comments[mid];
      if (offset < c.start) hi = mid - 1;
      else if (offset >= c.end) lo = mid + 1;
      else return true;
    }
    return false;
  };
}
