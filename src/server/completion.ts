/** Completion of rule ids inside `ownless-ignore` directives. */
import { docsUrl, RULES } from '../core';
import {
  type CompletionItem,
  CompletionItemKind,
  MarkupKind,
  type Position,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** The directive up to the cursor, while rule ids are being written (before the `:` and the reason). */
const DIRECTIVE_HEAD = /(?:#|\/\/)\s*ownless-ignore\s+((?:[\w/-]+\s*,\s*)*)([\w/-]*)$/;

export function completeRuleIds(document: TextDocument, position: Position): CompletionItem[] {
  const line = document.getText({ start: { line: position.line, character: 0 }, end: position });
  const match = DIRECTIVE_HEAD.exec(line);
  if (!match) return [];
  const already = new Set(match[1].split(/[\s,]+/).filter(Boolean));
  const typed = match[2];
  const start = { line: position.line, character: position.character - typed.length };
  return RULES.filter((r) => !already.has(r.meta.id) && !r.meta.id.startsWith('meta/')).map((rule) => ({
    label: rule.meta.id,
    kind: CompletionItemKind.Value,
    detail: rule.meta.description,
    documentation: {
      kind: MarkupKind.Markdown,
      value: `${rule.meta.why}\n\n[Documentation](${docsUrl(rule.meta.id)})`,
    },
    textEdit: { range: { start, end: position }, newText: rule.meta.id },
  }));
}
