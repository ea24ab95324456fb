/**
 * HCL string text: the escapes of quoted strings (`\n`, `\"`, `\uNNNN`…) and of templates (`$${` and
 * `%%{` write `${` and `%{`), and the indentation a `<<-` heredoc strips.
 */
import type { HNode, Slice } from './hcl-syntax';

const SIMPLE: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** The value of a literal piece of a template as written (`quoted`: inside "…", where backslashes escape). */
export function unescapeTemplate(raw: string, quoted: boolean): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quoted && c === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1];
      if (next in SIMPLE) {
        out += SIMPLE[next];
        i++;
        continue;
      }
      const hex = next === 'u' ? 4 : next === 'U' ? 8 : 0;
      const digits = hex ? raw.slice(i + 2, i + 2 + hex) : '';
      if (hex && /^[0-9a-fA-F]+$/.test(digits) && digits.length === hex) {
        out += String.fromCodePoint(parseInt(digits, 16));
        i += 1 + hex;
        continue;
      }
    }
    if ((c === '$' || c === '%') && raw[i + 1] === c && raw[i + 2] === '{') {
      out += `${c}{`;
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

/** The value of a `string_lit` node (a quoted string without interpolation). */
export function stringLiteral(node: HNode, text: Slice): string {
  const literal = node.children.find((c) => c.type === 'template_literal');
  return literal ? unescapeTemplate(text(literal.start, literal.end), true) : '';
}

/** Removes the indentation a `<<-` heredoc strips: the smallest indent of its non-blank lines. */
export function stripHeredocIndent(value: string): string {
  const lines = value.split('\n');
  let indent = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    indent = Math.min(indent, /^[ \t]*/.exec(line)![0].length);
  }
  if (!Number.isFinite(indent) || indent === 0) return value;
  return lines.map((line) => line.slice(Math.min(indent, /^[ \t]*/.exec(line)![0].length))).join('\n');
}
