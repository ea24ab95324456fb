/**
 * The Terraform adapter's entry points. A Terraform module is a folder: `readTerraform` builds the
 * model of the folder of the analysed file from every `*.tf` in it (the editor's live text for open
 * ones) and its variable files; spans are offsets in the folder's text, and `folder.fileAt(offset)`
 * says which file one falls in. The grammar loads asynchronously (`initHclParser`): until
 * `hclParserReady()`, a .tf file cannot be analysed.
 */
import { type SourceFile, TerraformFolder, isConfigurationFile, variableFileOrder } from './configuration';
import { TerraformSemantics } from './semantic';

export { HCL_WASM, hclParserReady, initHclParser, locateHclGrammar, parseHcl } from './hcl-parser';
export { TERRAFORM } from './names';
export { TerraformFolder, isConfigurationFile, type SourceFile } from './configuration';
export { TerraformSemantics } from './semantic';
export { fileDirectives, folderDirectives, type FileDirectives } from './suppressions';
export { type FolderFile, findingsByFile, folderFile, folderLineDirectives } from './front';
export { LATEST_MAJOR, isLambdaModuleSource, moduleMajor } from './module-function';

/** The folder of a module: its configuration files and variable files. */
export interface TerraformInput {
  /** The analysed file (one of `files`): code folders are read relative to its folder. */
  path: string;
  /** Every `*.tf` of the folder, the analysed one included (with the editor's text when it is open). */
  files: readonly SourceFile[];
  /** terraform.tfvars(.json) and *.auto.tfvars(.json) of the folder. */
  variableFiles?: readonly SourceFile[];
}

/** Parses a folder and builds its model. Syntax errors are in `folder.problems`; the rest is modelled. Requires `initHclParser()`. */
export function readTerraform(input: TerraformInput): { folder: TerraformFolder; model: TerraformSemantics } {
  const folder = new TerraformFolder(input.files, input.variableFiles ?? []);
  return { folder, model: new TerraformSemantics(folder, input.path) };
}

/** The names in a folder listing that a model of it reads: configuration files, then variable files in precedence order. */
export function terraformFileNames(names: readonly string[]): { files: string[]; variableFiles: string[] } {
  return { files: names.filter(isConfigurationFile).sort(), variableFiles: variableFileOrder(names) };
}

/** A cheap test of a path: Terraform configuration the adapter reads. */
export function isTerraformPath(path: string): boolean {
  return isConfigurationFile(path);
}
