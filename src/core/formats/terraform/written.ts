/**
 * The literal strings of a Terraform folder, for rules that read what is written (regions in ARNs):
 * one part per top-level block, its strings the literal pieces of quoted templates (an interpolation
 * is no literal), each with the argument it is the value of.
 */
import type { WrittenPart, WrittenString } from '../../model/types';
import type { HclBlock, HNode } from './hcl-syntax';
import { unescapeTemplate } from './hcl-strings';
import type { TerraformFolder } from './configuration';

function visitStrings(
  folder: TerraformFolder,
  node: HNode,
  key: string | null,
  visit: (s: WrittenString) => void,
): void {
  if (node.type === 'template_literal') {
    const raw = folder.source(node);
    visit({
      value: unescapeTemplate(raw, true),
      span: { start: node.start, end: node.end },
      raw,
      key,
      multiline: raw.includes('\n'),
      useDeployRegion: () => undefined,
    });
    return;
  }
  for (const child of node.children) visitStrings(folder, child, key, visit);
}

function visitBlock(folder: TerraformFolder, block: HclBlock, visit: (s: WrittenString) => void): void {
  for (const attribute of block.body.attributes)
    if (attribute.expr) visitStrings(folder, attribute.expr, attribute.name, visit);
  for (const nested of block.body.blocks) visitBlock(folder, nested, visit);
}

export function writtenParts(folder: TerraformFolder): WrittenPart[] {
  const parts: WrittenPart[] = [];
  for (const file of folder.files)
    for (const block of file.body.blocks) {
      parts.push({
        anchor: block,
        start: block.start,
        end: block.end,
        written: () => folder.text.slice(block.start, block.end),
        verbatim: (written) =>
          !written.includes('\\') && !written.includes('$${') && !written.includes('%%{'),
        strings: (visit) => visitBlock(folder, block, visit),
      });
    }
  return parts;
}
