/**
 * The Serverless Framework's variable syntax, read as its parser (lib/configuration/variables/parse.js)
 * reads it: `${source:address, fallback, …}` and `${source(param, …):address}`, nested in addresses and
 * parameters. A `${…}` whose source does not start with a lower-case letter (`${AWS::Region}` in a
 * `Fn::Sub`) is not a variable: the framework leaves it to CloudFormation, and so does this reader.
 */

/** One source of a variable: a typed source, or a literal fallback (`'dev'`, `512`, `true`). */
export type VariableSource =
  | { kind: 'typed'; type: string; params: string[] | undefined; address: string | undefined }
  | { kind: 'literal'; value: string | number | boolean | null };

/** A variable found in a string: where it is, its text, and its sources in order (fallbacks after the first). */
export interface VariableRef {
  start: number;
  end: number;
  text: string;
  /** Undefined when the variable cannot be read (the framework rejects it). */
  sources: VariableSource[] | undefined;
}

/** The characters a type or literal token is made of (the framework's `alphaNumericChars`, plus `_`). */
const TOKEN = /[A-Za-z0-9.\-_]/;
const TYPE = /^[a-z][a-zA-Z0-9]*$/;

/**
 * The end of a part (an address, a parameter) that stops at one of `stops` outside nested variables
 * and quotes; -1 when the text ends first.
 */
function partEnd(text: string, from: number, stops: string): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (depth === 0 && (c === "'" || c === '"') && text.slice(from, i).trim() === '') {
      const close = text.indexOf(c, i + 1);
      if (close === -1) return -1;
      i = close;
    } else if (c === '}' && depth > 0) depth--;
    else if (depth === 0 && stops.includes(c)) return i;
  }
  return -1;
}

/** A part as written, without the quotes of a quoted string. */
function unquote(part: string): string {
  const t = part.trim();
  if (t.length >= 2 && (t[0] === "'" || t[0] === '"') && t[t.length - 1] === t[0]) {
    if (t[0] === '"') {
      try {
        return JSON.parse(t) as string;
      } catch {
        return t.slice(1, -1);
      }
    }
    return t.slice(1, -1);
  }
  return t;
}

function literalOf(token: string): VariableSource | undefined {
  if (token === 'true' || token === 'false') return { kind: 'literal', value: token === 'true' };
  if (token === 'null') return { kind: 'literal', value: null };
  if (token !== '' && !Number.isNaN(Number(token))) return { kind: 'literal', value: Number(token) };
  return undefined;
}

/**
 * Reads the sources of the variable whose `${` is at `open`. Returns the variable's end (just past its
 * `}`) with its sources; `foreign` when it is not a variable; undefined sources when it is unreadable.
 */
function readVariable(
  text: string,
  open: number,
): { end: number; sources: VariableSource[] | undefined } | 'foreign' {
  let i = open + 2;
  const sources: VariableSource[] = [];
  for (;;) {
    while (text[i] === ' ') i++;
    const first = sources.length === 0;
    const c = text[i];
    if (c === "'" || c === '"') {
      if (first) return 'foreign';
      const close = text.indexOf(c, i + 1);
      if (close === -1) return { end: text.length, sources: undefined };
      sources.push({ kind: 'literal', value: unquote(text.slice(i, close + 1)) });
      i = close + 1;
    } else {
      if (first && !(c >= 'a' && c <= 'z')) return 'foreign';
      let j = i;
      while (j < text.length && TOKEN.test(text[j])) j++;
      const token = text.slice(i, j);
      while (text[j] === ' ') j++;
      if (text[j] === ':' || text[j] === '(') {
        if (!TYPE.test(token)) return first ? 'foreign' : { end: j, sources: undefined };
        let params: string[] | undefined;
        if (text[j] === '(') {
          params = [];
          let k = j + 1;
          for (;;) {
            const stop = partEnd(text, k, ',)');
            if (stop === -1) return { end: text.length, sources: undefined };
            const param = text.slice(k, stop).trim();
            if (param !== '' || text[stop] === ',') params.push(unquote(param));
            k = stop + 1;
            if (text[stop] === ')') break;
          }
          j = k;
          while (text[j] === ' ') j++;
        }
        let address: string | undefined;
        if (text[j] === ':') {
          const stop = partEnd(text, j + 1, ',}');
          if (stop === -1) return { end: text.length, sources: undefined };
          const written = text.slice(j + 1, stop).trim();
          address = written === '' ? undefined : unquote(written);
          j = stop;
        }
        sources.push({ kind: 'typed', type: token, params, address });
        i = j;
      } else {
        // `${foo}` or `${Foo.Bar}` is CloudFormation's or a plugin's: not a framework variable.
        if (first) return 'foreign';
        const literal = literalOf(token);
        if (!literal) return { end: j, sources: undefined };
        sources.push(literal);
        i = j;
      }
    }
    while (text[i] === ' ') i++;
    if (text[i] === '}') return { end: i + 1, sources };
    if (text[i] !== ',') return { end: Math.min(i + 1, text.length), sources: undefined };
    i++;
  }
}

/**
 * The variables of a string, outermost first, in order. `\${` is an escaped, literal `${`. Nested
 * variables stay inside their parent's address or parameters (read when those are resolved).
 */
export function findVariables(text: string): VariableRef[] {
  const found: VariableRef[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('${', from);
    if (open === -1) return found;
    if (open > 0 && text[open - 1] === '\\') {
      from = open + 2;
      continue;
    }
    const read = readVariable(text, open);
    if (read === 'foreign') {
      from = open + 2;
      continue;
    }
    found.push({ start: open, end: read.end, text: text.slice(open, read.end), sources: read.sources });
    from = read.end;
  }
}

/** True when a string may hold a framework variable (the cheap test before `findVariables`). */
export function mayHoldVariable(text: string): boolean {
  return text.includes('${');
}
