/**
 * The values CDK props are written with, read as the model's values: numbers and strings,
 * `Duration.seconds/minutes/hours(n)` (seconds), `Size.mebibytes/gibibytes(n)` (MB), the
 * `lambda.Runtime`, `Architecture` and `FunctionUrlAuthType` constants, through `const` names of
 * the same file (`indirect`, naming them). Constructs (a VPC, a file system, a queue) are present or
 * not. Anything else (a parameter, `props.memorySize`, context, the environment) is dynamic, with why.
 */
import { type CodeNode, unwrap } from '../../code/code-node';
import type { CodeModel } from '../../code/model';
import { bindingOf } from '../../code/resolve';
import { constantValue } from '../../code/values';
import type { SettingKey, Value } from '../../model/types';
import { cdkName } from './cdk-names';
import { NODEJS_LATEST, runtimeName } from './names';

/** What a setting's value is read as. */
export type ValueKind =
  'number' | 'string' | 'duration' | 'size' | 'runtime' | 'architecture' | 'enum' | 'presence';

/** How each setting's prop is read. */
export const SETTING_KINDS: Readonly<Record<SettingKey, ValueKind>> = {
  functionName: 'string',
  runtime: 'runtime',
  handler: 'string',
  timeout: 'duration',
  memory: 'number',
  ephemeralStorage: 'size',
  architecture: 'architecture',
  vpc: 'presence',
  fileSystems: 'presence',
  packageType: 'presence',
  layers: 'presence',
  reservedConcurrency: 'number',
  capacityProvider: 'presence',
  durableConfig: 'presence',
  url: 'presence',
  deadLetterQueue: 'presence',
};

/** A value read, and whether it is written in place (a fix may then replace it). */
export interface ReadValue {
  value: Value;
  literal: boolean;
}

const DURATION_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };
const SIZE_MB: Record<string, number> = { mebibytes: 1, gibibytes: 1024 };
const MAX_DEPTH = 8;

/** `undefined` / `None`: written, and meaning absent. */
function isNothing(expr: CodeNode): boolean {
  return expr.type === 'undefined' || expr.type === 'none' || expr.type === 'null';
}

function dynamic(expr: CodeNode, why?: string): ReadValue {
  const text = expr.text.length > 60 ? `${expr.text.slice(0, 57)}…` : expr.text;
  return {
    value: { kind: 'dynamic', reason: why ?? `\`${text}\` is not a constant of this file` },
    literal: false,
  };
}

/** A name bound once in this file, and what it is bound to. */
function boundValue(model: CodeModel, id: CodeNode): CodeNode | undefined {
  const binding = bindingOf(model, id);
  if (!binding?.init || binding.path || binding.iterates || binding.assignments.length > 0) return undefined;
  if (binding.kind === 'param' || binding.kind === 'import') return undefined;
  if (model.family === 'node' && binding.kind === 'var') return undefined;
  return binding.init;
}

/** Why a name or member has no value here, in a message's words. */
function unknownReason(model: CodeModel, expr: CodeNode): string | undefined {
  if (expr.type === 'identifier' || expr.type === 'shorthand_property_identifier') {
    const binding = bindingOf(model, expr);
    if (binding?.kind === 'param') return `\`${expr.text}\` is a parameter`;
    if (binding?.kind === 'import') return `\`${expr.text}\` is imported`;
    return undefined;
  }
  const text = expr.text;
  if (/tryGetContext|try_get_context/.test(text)) return `\`${text}\` is read from the CDK context`;
  if (/process\.env|os\.environ|getenv/.test(text)) return `\`${text}\` is read from the environment`;
  if (/^(?:props|kwargs)\b/.test(text)) return `\`${text}\` is passed in by the caller`;
  return undefined;
}

/** Reads a value expression as `kind`. */
export function readValue(model: CodeModel, node: CodeNode, kind: ValueKind): ReadValue {
  return read(model, node, kind, undefined, 0);
}

function read(
  model: CodeModel,
  node: CodeNode,
  kind: ValueKind,
  via: string | undefined,
  depth: number,
): ReadValue {
  const expr = unwrap(node) ?? node;
  const literal = via === undefined;
  const found = (value: unknown): ReadValue => ({
    value: via === undefined ? { kind: 'literal', value } : { kind: 'indirect', value, via },
    literal,
  });
  if (isNothing(expr)) return found(null);
  if (depth > MAX_DEPTH) return dynamic(expr);
  if (expr.type === 'identifier' || expr.type === 'shorthand_property_identifier') {
    const bound = boundValue(model, expr);
    if (bound) return read(model, bound, kind, via ?? expr.text, depth + 1);
  }
  switch (kind) {
    case 'number':
    case 'string': {
      const constant = constantValue(model, expr);
      if (constant !== undefined && constant !== null && typeof constant !== 'boolean')
        return found(constant);
      break;
    }
    case 'duration':
    case 'size': {
      const call = expr.type === 'call_expression' || expr.type === 'call' ? expr : undefined;
      const name = call && cdkName(model, call.field('function'));
      const m = name && /^core\.(Duration|Size)\.(\w+)$/.exec(name);
      if (!call || !m) break;
      const unit = (kind === 'duration' ? DURATION_SECONDS : SIZE_MB)[m[2]];
      const arg = call.field('arguments')?.items[0];
      if (unit === undefined || !arg)
        return dynamic(expr, `\`${expr.text}\` is not in whole ${kind === 'duration' ? 'seconds' : 'MB'}`);
      const inner = read(model, arg, 'number', via, depth + 1);
      if (inner.value.kind === 'dynamic' || typeof inner.value.value !== 'number') return inner;
      // A literal argument is still a literal: the fix rewrites the call.
      return {
        value: { ...inner.value, value: inner.value.value * unit },
        literal: literal && inner.literal,
      };
    }
    case 'runtime': {
      const name = cdkName(model, expr);
      const m = name && /^aws_lambda\.Runtime\.(\w+)$/.exec(name);
      if (m?.[1] === 'NODEJS_LATEST')
        return { value: { kind: 'indirect', value: NODEJS_LATEST, via: 'Runtime.NODEJS_LATEST' }, literal };
      const runtime = m && runtimeName(m[1]);
      if (runtime) return found(runtime);
      // `new lambda.Runtime('nodejs22.x', …)`
      if (
        expr.type === 'new_expression' &&
        cdkName(model, expr.field('constructor')) === 'aws_lambda.Runtime'
      ) {
        const first = constantValue(model, expr.field('arguments')?.items[0]);
        if (typeof first === 'string') return found(first);
      }
      break;
    }
    case 'architecture': {
      const name = cdkName(model, expr);
      if (name === 'aws_lambda.Architecture.ARM_64') return found('arm64');
      if (name === 'aws_lambda.Architecture.X86_64') return found('x86_64');
      break;
    }
    case 'enum': {
      // `lambda.FunctionUrlAuthType.NONE`: the constant's name is its value.
      const name = cdkName(model, expr);
      if (name) return found(name.slice(name.lastIndexOf('.') + 1));
      const constant = constantValue(model, expr);
      if (typeof constant === 'string') return found(constant);
      break;
    }
    case 'presence': {
      // A construct, struct or call written here (or bound to a name here) is there, whatever it is.
      if (
        [
          'new_expression',
          'call_expression',
          'call',
          'object',
          'dictionary',
          'array',
          'list',
          'string',
        ].includes(expr.type)
      )
        return found(expr.text);
      if (expr.type === 'member_expression' || expr.type === 'attribute') {
        // `this.vpc` / `self.vpc` set in this class: a construct of the app.
        const object = expr.field('object');
        if (object?.type === 'this' || (object?.type === 'identifier' && object.text === 'self'))
          return { value: { kind: 'indirect', value: expr.text, via: expr.text }, literal: false };
      }
      break;
    }
  }
  return dynamic(expr, unknownReason(model, expr));
}
