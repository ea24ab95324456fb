/** idle/no-sync-invoke: one Lambda function waiting for another (synchronous Invoke). */
import { type CodeNode, unwrap } from '../../code/code-node';
import type { CallSite, CodeModel } from '../../code/model';
import { bindingOf } from '../../code/resolve';
import { hasSpread, lineStart, objectProperty } from '../../code/rule-support';
import { keywordArgument, lambdaInvokeOf } from '../../code/sdk';
import { stringValue } from '../../code/values';
import type { FixSpec, Rule } from '../types';

const ASYNC_TYPES = new Set(['Event', 'DryRun']);

export const noSyncInvoke: Rule = {
  meta: {
    id: 'idle/no-sync-invoke',
    tenet: 'idle',
    description:
      'Flags Lambda Invoke calls that wait for the other function (InvocationType RequestResponse, the default) (code).',
    why: 'A synchronous invoke bills both functions while the second one runs: the caller pays for idle time, its timeout must cover both, errors and retries compound, and the pair scales and fails as one.',
    alternative:
      "Invoke asynchronously (InvocationType 'Event') with an on-failure destination, or chain the functions with Step Functions, SQS or EventBridge.",
    justified:
      'A short, latency-bound call that needs the answer (an authorizer-like lookup) where a Step Functions Express workflow or a shared library would be heavier — and the callee is fast.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'unsafe',
    messages: {
      sync: "{{target}} is invoked synchronously (InvocationType {{type}}): this function waits, and is billed, while the other one runs. Invoke asynchronously (InvocationType 'Event') or chain them with Step Functions, SQS or EventBridge.",
      stream:
        '{{target}} is invoked with a response stream: this function waits, and is billed, while the other one runs. Chain them with Step Functions, SQS or EventBridge instead.',
    },
  },
  checkCode(context) {
    const { model } = context;
    for (const call of model.calls) {
      const invoke = lambdaInvokeOf(model, call);
      if (!invoke) continue;
      const check = invoke.style === 'boto3' ? checkKeywords(model, call) : checkObject(model, invoke.params);
      if (!check) continue;
      const target = check.functionName !== undefined ? `Function ${check.functionName}` : 'Another function';
      context.report({
        messageId: invoke.stream ? 'stream' : 'sync',
        data: { target, type: check.type },
        start: call.node.start,
        end: call.node.end,
        fixes: invoke.stream ? [] : check.fixes,
      });
    }
  },
};

interface SyncCall {
  type: string;
  functionName: string | undefined;
  fixes: FixSpec[];
}

/** `{ FunctionName, InvocationType? }` of v3 `InvokeCommand` and v2 `invoke`: synchronous unless Event or DryRun. */
function checkObject(model: CodeModel, params: CodeNode | undefined): SyncCall | undefined {
  let object = unwrap(params);
  if (object?.type === 'identifier') object = unwrap(bindingOf(model, object)?.init);
  if (object?.type !== 'object' || hasSpread(object)) return undefined;
  const functionName = stringValue(model, objectProperty(object, 'FunctionName')?.field('value'));
  const typePair = objectProperty(object, 'InvocationType');
  if (!typePair)
    return { type: 'RequestResponse', functionName, fixes: insertFix(model, object, 'InvocationType', ': ') };
  const value = typePair.field('value');
  const type = stringValue(model, value);
  if (type === undefined || ASYNC_TYPES.has(type) || !value) return undefined;
  return { type, functionName, fixes: [replaceFix(model, value)] };
}

/** boto3 `invoke(FunctionName=..., InvocationType=...)`. */
function checkKeywords(model: CodeModel, call: CallSite): SyncCall | undefined {
  if (call.args.some((a) => a.type === 'dictionary_splat' || a.type === 'list_splat')) return undefined;
  const functionName = stringValue(model, keywordArgument(call.args, 'FunctionName'));
  const value = keywordArgument(call.args, 'InvocationType');
  if (!value) {
    const argumentList = call.node.field('arguments');
    return {
      type: 'RequestResponse',
      functionName,
      fixes: argumentList ? insertFix(model, argumentList, 'InvocationType', '=') : [],
    };
  }
  const type = stringValue(model, value);
  if (type === undefined || ASYNC_TYPES.has(type)) return undefined;
  return { type, functionName, fixes: [replaceFix(model, value)] };
}

const TITLE = "Invoke asynchronously (InvocationType 'Event')";

/** The quote the surrounding code uses (the first string literal in it), or the language's usual one. */
function quoteOf(model: CodeModel, container: CodeNode): string {
  let quote: string | undefined;
  container.walk((n) => {
    if (quote) return false;
    if (n.type === 'string' && (n.text.startsWith('"') || n.text.startsWith("'"))) quote = n.text[0];
    return !quote;
  });
  return quote ?? (model.family === 'python' ? '"' : "'");
}

function replaceFix(model: CodeModel, value: CodeNode): FixSpec {
  const quote = quoteOf(model, value.parent ?? value);
  return {
    title: TITLE,
    safety: 'unsafe',
    edits: () => [{ start: value.start, end: value.end, newText: `${quote}Event${quote}` }],
  };
}

/** Adds `InvocationType: 'Event'` (or `InvocationType="Event"`) before the first entry, on its own line when entries are. */
function insertFix(model: CodeModel, container: CodeNode, key: string, separator: string): FixSpec[] {
  const first = container.items[0];
  if (!first) return [];
  const quote = quoteOf(model, container);
  const entry = `${key}${separator}${quote}Event${quote},`;
  const firstLineStart = lineStart(model.text, first.start);
  const ownLine =
    firstLineStart > container.start && model.text.slice(firstLineStart, first.start).trim() === '';
  const newText = ownLine ? `${entry}\n${model.text.slice(firstLineStart, first.start)}` : `${entry} `;
  return [
    { title: TITLE, safety: 'unsafe', edits: () => [{ start: first.start, end: first.start, newText }] },
  ];
}
