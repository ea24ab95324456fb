/**
 * A CDK source file's string literals as written, for the rules that read what is written (a region
 * inside an ARN). The file is one part: its strings are the code model's (template strings and
 * f-strings with substitutions are left out: their value is not all written). Fixes that would make
 * a string name the deploy region are not offered yet (`Aws.REGION` needs a template string).
 */
import type { CodeNode } from '../../code/code-node';
import { propertyName } from '../../code/patterns';
import { constantValue } from '../../code/values';
import type { WrittenPart, WrittenString } from '../../model/types';
import type { CdkFile } from './file';

function keyOf(node: CodeNode): string | null {
  const parent = node.parent;
  if (parent?.type === 'pair' && parent.field('value') === node)
    return propertyName(parent.field('key')) ?? null;
  if (parent?.type === 'keyword_argument') return parent.field('name')?.text ?? null;
  return null;
}

/** The file as one written part. */
export function codeParts(file: CdkFile): readonly WrittenPart[] {
  const model = file.code;
  const anchor = {};
  const part: WrittenPart = {
    anchor,
    start: 0,
    end: model.text.length,
    written: () => model.text,
    // Escapes are decoded by the code model: the rule then reads every string rather than the text.
    verbatim: () => false,
    strings: (visit) => {
      for (const node of model.strings) {
        const value = constantValue(model, node);
        if (typeof value !== 'string') continue;
        const raw = node.text;
        const s: WrittenString = {
          value,
          span: { start: node.start, end: node.end },
          raw,
          key: keyOf(node),
          multiline: raw.includes('\n'),
          useDeployRegion: () => undefined,
        };
        visit(s);
      }
    },
  };
  return [part];
}
