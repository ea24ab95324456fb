/**
 * Scalar resolution. Plain YAML scalars resolve as YAML 1.1 does in PyYAML (the loader behind
 * CloudFormation tooling): `yes`/`no`/`on`/`off` are booleans, `0o`/`0x`/leading-zero octal ints,
 * floats need a dot. Quoted and block scalars are strings; JSON literals resolve as JSON.
 */
import type { ScalarNode } from './ast';

export type ScalarValue = string | number | boolean | null;

const NULL = /^(?:~|null|Null|NULL|)$/;
const TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const INT = /^[-+]?(?:0b[01_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function parseInt11(text: string): number {
  let t = text.replace(/_/g, '');
  let sign = 1;
  if (t[0] === '-' || t[0] === '+') {
    if (t[0] === '-') sign = -1;
    t = t.slice(1);
  }
  if (t === '0') return 0;
  if (t.startsWith('0b')) return sign * parseInt(t.slice(2), 2);
  if (t.startsWith('0x')) return sign * parseInt(t.slice(2), 16);
  if (t.startsWith('0')) return sign * parseInt(t.slice(1), 8);
  if (t.includes(':')) return sign * t.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
  return sign * Number(t);
}

function parseFloat11(text: string): number {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.endsWith('.inf')) return t.startsWith('-') ? -Infinity : Infinity;
  if (t === '.nan') return NaN;
  if (t.includes(':')) {
    const sign = t.startsWith('-') ? -1 : 1;
    return (
      sign *
      t
        .replace(/^[-+]/, '')
        .split(':')
        .reduce((acc, part) => acc * 60 + Number(part), 0)
    );
  }
  return Number(t);
}

/** The JavaScript value of a scalar. */
export function scalarValue(node: ScalarNode): ScalarValue {
  const text = node.value;
  if (node.style === 'json') {
    if (text === 'null') return null;
    if (text === 'true') return true;
    if (text === 'false') return false;
    return Number(text);
  }
  if (node.style !== 'plain') return text;
  // A local tag (`!Ref 123`) makes the scalar a string, as PyYAML's construct_scalar does.
  if (node.tag && (!node.tag.name.startsWith('!!') || node.tag.name === '!!str')) return text;
  if (NULL.test(text)) return null;
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  if (INT.test(text)) return parseInt11(text);
  if (FLOAT.test(text)) return parseFloat11(text);
  return text;
}
