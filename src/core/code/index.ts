/**
 * Handler-code analysis, for the CLI and the language server: initialise the parsers once (wasm),
 * then lint code files synchronously (incrementally in the editor), and link template functions to
 * their handler files.
 */
export {
  CODE_LANGUAGES,
  WASM_FILES,
  codeParsersReady,
  initCodeParsers,
  languageForPath,
  locateWasmDir,
} from './parsers';
export type { CodeLanguage, InitOptions } from './parsers';
export { diffTexts, parseCode, releaseCode } from './parse';
export type { CodeEdit, ParseCodeOptions, ParsedCode } from './parse';
export { isCodeFile, lintCode } from './lint';
export type { CodeLintResult, CodeProblem, LintCodeOptions } from './lint';
export {
  exportLocation,
  handlerCandidates,
  handlerExportName,
  rememberExports,
  resolveHandler,
} from './resolve-handler';
export type { HandlerResolution } from './resolve-handler';
export { handlerLinks } from './handler-links';
export type { HandlerLink } from './handler-links';
export { buildCodeModel } from './build-model';
export type { CodeModel, ExportInfo, FunctionInfo } from './model';
export { attributeFindings, handlerFiles, lintForOwners, ownerExports, ownerIds } from './owners';
export type { HandlerOwner } from './owners';
export { codeSuppressionEdits, fixAllCode } from './fix-code';
export type { CodeFixAll, CodeLint } from './fix-code';
