/**
 * The grammars an analysis may need (WebAssembly, loaded asynchronously into the one tree-sitter
 * runtime): handler code's languages, and Terraform's HCL. Front ends load what `needsParsers` names.
 */
import { type CodeLanguage, codeParsersReady, initCodeParsers } from './code/parsers';
import { hclParserReady, initHclParser } from './formats/terraform';

/** A grammar an analysis may need: a handler-code language's, or Terraform's (HCL). */
export type GrammarNeed = CodeLanguage | 'terraform';

/** True when every grammar named is loaded. */
export function grammarsReady(needs: readonly GrammarNeed[]): boolean {
  return needs.every((need) => (need === 'terraform' ? hclParserReady() : codeParsersReady(need)));
}

/** Loads the grammars named; rejects when one cannot be loaded (a failed load may be retried). */
export async function initGrammars(needs: readonly GrammarNeed[]): Promise<void> {
  const languages = needs.filter((need): need is CodeLanguage => need !== 'terraform');
  await Promise.all([
    languages.length > 0 ? initCodeParsers({ languages }) : undefined,
    needs.includes('terraform') ? initHclParser() : undefined,
  ]);
}
