/**
 * Resolving the Serverless Framework's variables where the answer is in the project, never guessed and
 * never executed: `${self:…}`, `${opt:…, fallback}`, `${sls:stage}`, `${aws:region}`,
 * `${file(x.yml|json):…}`, `${env:X, fallback}` and `${strToBool(…)}`. Everything decided at deploy
 * time or by running code (`ssm`, `cf`, `s3`, `param`, `aws:accountId`, `${file(x.js)}`, a missing
 * file) is dynamic, with the reason. Sources behave as lib/configuration/variables/sources/*.js do.
 */
import { type Node, asMap, asSeq, deref, get } from '../../parse/ast';
import { scalarValue } from '../../parse/scalar-value';
import { toJS } from '../../parse/to-js';
import type { Value } from '../../model/types';
import { type VariableRef, type VariableSource, findVariables, mayHoldVariable } from './variable-syntax';
import { type FileReader, ServiceFiles } from './service-files';

export interface VariableOptions {
  /** The folder of the service file. */
  serviceDir: string;
  /** The project folder: `${file()}` reads nothing outside it (default: the service folder). */
  projectDir?: string;
  /** Reads a file for `${file()}` (undefined when it is missing); without it, every file is dynamic. */
  readFile?: FileReader;
  /** Command-line options as `--stage prod` gives them; none by default (`${opt:…}` takes its fallback). */
  options?: Readonly<Record<string, string>>;
}

/** A source that gives nothing (the framework then tries the next one): why, and whether the environment decides. */
interface Missing {
  kind: 'missing';
  reason: string;
  environment: boolean;
}

type Outcome = Value | Missing;

/** Deepest chain of variables followed (self references through files through self…). */
const MAX_DEPTH = 24;
/** Most leaves converted in one collection value. */
const MAX_LEAVES = 10_000;

/** Sources decided by AWS at deploy time, as messages name them. */
const DEPLOY_TIME: Record<string, string> = {
  ssm: 'an SSM parameter',
  cf: 'another stack output',
  s3: 'an S3 object',
  param: 'a Serverless Dashboard parameter',
  secretsmanager: 'a Secrets Manager secret',
};

function literal(value: unknown): Value {
  return { kind: 'literal', value };
}

/** A value known through `via` (adding to what it was already known through). */
function through(value: Value, via: string): Value {
  if (value.kind === 'dynamic') return value;
  return {
    kind: 'indirect',
    value: value.value,
    via: value.kind === 'indirect' ? `${via}, ${value.via}` : via,
  };
}

export class VariableResolver {
  private readonly nodeValues = new Map<Node, Value>();
  private readonly files: ServiceFiles;
  /** The `self:` addresses being resolved (a cycle is dynamic, as the framework rejects it). */
  private readonly resolving = new Set<string>();
  private depth = 0;

  constructor(
    private readonly root: Node | null,
    private readonly options: VariableOptions,
  ) {
    this.files = new ServiceFiles(
      options.serviceDir,
      options.projectDir ?? options.serviceDir,
      options.readFile,
    );
  }

  /** A node's value with its variables resolved: a collection converts to plain values, its variables resolved inside. */
  value(node: Node): Value {
    let value = this.nodeValues.get(node);
    if (!value) {
      value = this.compute(node);
      this.nodeValues.set(node, value);
    }
    return value;
  }

  /** True when the node, as written, is one variable or holds one (its value is then not a literal). */
  static holdsVariable(node: Node | undefined): boolean {
    const target = deref(node);
    return (
      target?.kind === 'scalar' && mayHoldVariable(target.value) && findVariables(target.value).length > 0
    );
  }

  private compute(node: Node): Value {
    const target = deref(node);
    if (!target) return literal(null);
    if (target.kind === 'scalar') {
      if (target.tag) return literal(toJS(target));
      const plain = scalarValue(target);
      return typeof plain === 'string' && mayHoldVariable(plain) ? this.text(plain) : literal(plain);
    }
    let via: string | undefined;
    let leaves = 0;
    const convert = (n: Node | null): unknown => {
      const t = deref(n);
      if (!t || ++leaves > MAX_LEAVES) return null;
      if (t.kind === 'seq') return t.items.map(convert);
      if (t.kind === 'map') {
        const out: Record<string, unknown> = {};
        for (const pair of t.pairs) {
          const key = deref(pair.key);
          if (key?.kind === 'scalar') out[key.value] = convert(pair.value);
        }
        return out;
      }
      if (t.kind !== 'scalar') return null;
      const v = this.value(t);
      // A part decided at deploy time stays as written: the collection is known, that part is not.
      if (v.kind === 'dynamic') return t.value;
      if (v.kind === 'indirect') via ??= v.via;
      return v.value;
    };
    // Tagged collections are CloudFormation intrinsics, read as CloudFormation's long form.
    const value = target.tag ? toJS(target) : convert(target);
    return via ? { kind: 'indirect', value, via } : literal(value);
  }

  /** A string's value: a variable that is the whole string keeps its type; variables inside a string are joined as text. */
  text(text: string): Value {
    const variables = findVariables(text);
    if (variables.length === 0) return literal(text);
    if (this.depth >= MAX_DEPTH)
      return { kind: 'dynamic', reason: `${variables[0].text} (variables nested too deeply)` };
    this.depth++;
    try {
      if (variables.length === 1 && variables[0].start === 0 && variables[0].end === text.length) {
        return this.settle(this.variable(variables[0]));
      }
      const parts: string[] = [];
      let at = 0;
      let via: string | undefined;
      for (const v of variables) {
        const value = this.settle(this.variable(v));
        if (value.kind === 'dynamic') return value;
        if (value.value !== null && typeof value.value === 'object')
          return {
            kind: 'dynamic',
            reason: `${v.text} is not a string (the framework rejects it inside text)`,
          };
        if (value.kind === 'indirect') via = via ? `${via}, ${value.via}` : value.via;
        parts.push(text.slice(at, v.start), String(value.value));
        at = v.end;
      }
      parts.push(text.slice(at));
      const joined = parts.join('');
      return via ? { kind: 'indirect', value: joined, via } : literal(joined);
    } finally {
      this.depth--;
    }
  }

  /** An outcome as a value: a variable no source answers is decided elsewhere. */
  private settle(outcome: Outcome): Value {
    return outcome.kind === 'missing' ? { kind: 'dynamic', reason: outcome.reason } : outcome;
  }

  /** A variable's value: its first source that gives one; the fallbacks after a source that gives nothing. */
  private variable(variable: VariableRef): Outcome {
    if (!variable.sources)
      return { kind: 'dynamic', reason: `${variable.text} cannot be read as a variable` };
    let firstMissing: Missing | undefined;
    for (const source of variable.sources) {
      const outcome = this.source(source);
      if (outcome.kind !== 'missing') {
        if (!firstMissing || outcome.kind === 'dynamic') return outcome;
        const because = firstMissing.environment
          ? `${variable.text} takes its fallback here (the value depends on the environment: ${firstMissing.reason})`
          : `${variable.text} takes its fallback (${firstMissing.reason})`;
        return through(outcome, because);
      }
      firstMissing ??= outcome;
    }
    return firstMissing ?? { kind: 'dynamic', reason: variable.text };
  }

  private source(source: VariableSource): Outcome {
    if (source.kind === 'literal') return literal(source.value);
    const address = source.address === undefined ? undefined : this.part(source.address);
    if (address && typeof address !== 'string') return address;
    const params: string[] = [];
    for (const param of source.params ?? []) {
      const p = this.part(param);
      if (typeof p !== 'string') return p;
      params.push(p);
    }
    const named = `${source.type}:${address ?? ''}`;
    switch (source.type) {
      case 'self':
        return this.self(address === undefined || address === '' ? [] : address.split('.'));
      case 'opt': {
        const given = address === undefined ? undefined : this.options.options?.[address];
        if (given !== undefined) return through(literal(given), `--${address}`);
        return { kind: 'missing', reason: `the --${address ?? '…'} option is not given`, environment: false };
      }
      case 'sls':
        if (address === 'stage') return through(this.stage(), 'the stage');
        return { kind: 'dynamic', reason: `\${${named}} (known at deploy time)` };
      case 'aws':
        if (address === 'region') return through(this.region(), 'the region');
        return { kind: 'dynamic', reason: `\${${named}} (the AWS account deployed to)` };
      case 'env':
        return { kind: 'missing', reason: `environment variable ${address ?? ''}`, environment: true };
      case 'strToBool': {
        const input = (params[0] ?? '').trim().toLowerCase();
        if (input === 'true' || input === '1') return literal(true);
        if (input === 'false' || input === '0') return literal(false);
        return { kind: 'dynamic', reason: `strToBool(${params[0] ?? ''}) is neither true nor false` };
      }
      case 'file':
        return this.file(params[0], address);
      default: {
        const what = DEPLOY_TIME[source.type];
        return {
          kind: 'dynamic',
          reason: what ? `\${${named}} (${what}, read at deploy time)` : `\${${named}} (a plugin's variable)`,
        };
      }
    }
  }

  /** An address or parameter with its nested variables resolved to text; a value when it cannot be. */
  private part(written: string): string | Value {
    if (!mayHoldVariable(written)) return written;
    const value = this.text(written);
    if (value.kind === 'dynamic') return value;
    return typeof value.value === 'string' || typeof value.value === 'number'
      ? String(value.value)
      : { kind: 'dynamic', reason: `${written} is not text` };
  }

  /** `${sls:stage}`: the --stage option, else `provider.stage`, else `dev` (get-sls.js). */
  stage(): Value {
    return this.configured('stage', ['provider', 'stage'], 'dev');
  }

  /** `${aws:region}`: the --region option, else `provider.region`, else `us-east-1` (get-aws.js). */
  region(): Value {
    return this.configured('region', ['provider', 'region'], 'us-east-1');
  }

  private configured(option: string, path: string[], fallback: string): Value {
    const given = this.options.options?.[option];
    if (given !== undefined) return literal(given);
    const written = this.self(path);
    if (
      written.kind === 'missing' ||
      (written.kind !== 'dynamic' && (written.value === null || written.value === ''))
    )
      return through(literal(fallback), `the framework's default ${option}`);
    return written;
  }

  /** `${self:a.b.c}`: the service's own configuration, its variables resolved on the way. */
  self(path: readonly string[]): Outcome {
    const key = path.join('.');
    if (this.resolving.has(key)) return { kind: 'dynamic', reason: `\${self:${key}} refers to itself` };
    this.resolving.add(key);
    try {
      const found = this.walk(this.root, path);
      return found.kind === 'missing' ? found : through(found, `self:${key}`);
    } finally {
      this.resolving.delete(key);
    }
  }

  /** Follows an address from a node (then into plain values, once a variable has given one). */
  private walk(start: Node | null, path: readonly string[]): Outcome {
    let node: Node | null = start;
    for (let i = 0; i < path.length; i++) {
      const target = deref(node);
      if (!target) return this.missingAt(path, i);
      if (target.kind === 'scalar') {
        const value = this.value(target);
        if (value.kind === 'dynamic') return value;
        return this.walkValue(value, path.slice(i), path);
      }
      const seq = asSeq(target);
      node = seq ? (seq.items[Number(path[i])] ?? null) : (get(asMap(target), path[i]) ?? null);
      if (node === null) return this.missingAt(path, i);
    }
    return node ? this.value(node) : this.missingAt(path, path.length - 1);
  }

  /** Follows the rest of an address into a plain value (from a file, or a variable's value). */
  private walkValue(
    value: Value & { value?: unknown },
    rest: readonly string[],
    path: readonly string[],
  ): Outcome {
    let current: unknown = 'value' in value ? value.value : undefined;
    for (const part of rest) {
      if (current === null || typeof current !== 'object') return this.missingAt(path, path.length - 1);
      current = (current as Record<string, unknown>)[part];
      if (typeof current === 'string' && mayHoldVariable(current)) {
        const resolved = this.text(current);
        if (resolved.kind === 'dynamic') return resolved;
        current = resolved.value;
      }
    }
    if (current === undefined || current === null) return this.missingAt(path, path.length - 1);
    return this.plain(current, value);
  }

  /** A plain value (from a file) with the variables in its strings resolved. */
  private plain(current: unknown, from: Value): Value {
    const resolved = this.resolvePlain(current, 0);
    return from.kind === 'indirect' ? through(resolved, from.via) : resolved;
  }

  private resolvePlain(value: unknown, depth: number): Value {
    if (typeof value === 'string') return mayHoldVariable(value) ? this.text(value) : literal(value);
    if (value === null || typeof value !== 'object' || depth > 50) return literal(value);
    let via: string | undefined;
    const convert = (v: unknown, d: number): unknown => {
      if (typeof v === 'string' && mayHoldVariable(v)) {
        const r = this.text(v);
        if (r.kind === 'dynamic') return v;
        if (r.kind === 'indirect') via ??= r.via;
        return r.value;
      }
      if (v === null || typeof v !== 'object' || d > 50) return v;
      if (Array.isArray(v)) return v.map((x) => convert(x, d + 1));
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x, d + 1)]));
    };
    const out = convert(value, depth);
    return via ? { kind: 'indirect', value: out, via } : literal(out);
  }

  private missingAt(path: readonly string[], at: number): Missing {
    return {
      kind: 'missing',
      reason: `${path.slice(0, at + 1).join('.')} is not in the service`,
      environment: false,
    };
  }

  /** `${file(path):address}`: a YAML or JSON file of the project, read through the caller's reader. */
  private file(path: string | undefined, address: string | undefined): Outcome {
    if (!path) return { kind: 'dynamic', reason: '${file()} names no file' };
    const read = this.files.read(path);
    if (read.kind !== 'read') return read.kind === 'missing' ? { ...read, environment: false } : read;
    const via = `file(${path})`;
    if (address === undefined || address === '') return this.plain(read.content, through(literal(null), via));
    const outcome = this.walkValue(through(literal(read.content), via), address.split('.'), [
      path,
      ...address.split('.'),
    ]);
    return outcome;
  }
}
