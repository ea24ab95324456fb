/**
 * The analysed file as findings and fixes need it, whatever its format: its text, its lines, its
 * syntax problems, and its syntax (which says how a comment is written, for suppressions).
 */
import type { LineIndex, SyntaxProblem } from '../parse/ast';

/** YAML and JSON documents (templates, serverless.yml), source code (CDK apps), or HCL (Terraform). */
export type DocumentSyntax = 'yaml' | 'json' | 'javascript' | 'typescript' | 'tsx' | 'python' | 'hcl';

export interface AnalyzedDocument {
  path: string;
  text: string;
  syntax: DocumentSyntax;
  lines: LineIndex;
  /** Syntax problems (located); rules that crashed are added here too. */
  problems: SyntaxProblem[];
}

/** How a line comment starts in the syntax; undefined for JSON, which has none. */
export function lineCommentOf(syntax: DocumentSyntax): '#' | '//' | undefined {
  if (syntax === 'json') return undefined;
  return syntax === 'yaml' || syntax === 'python' || syntax === 'hcl' ? '#' : '//';
}
