/** idle/client-in-handler: SDK clients and database connections built on every invocation. */
import { type CodeNode, unwrap } from '../../code/code-node';
import { runsPerInvocation } from '../../code/handler-scope';
import type { CallSite, CodeModel, FunctionInfo } from '../../code/model';
import { moveToModuleEdits } from '../../code/move-to-module';
import { bindingOf, originOf } from '../../code/resolve';
import { dottedName, constructionOf } from '../../code/sdk';
import type { FixSpec, Rule } from '../types';

export const clientInHandler: Rule = {
  meta: {
    id: 'idle/client-in-handler',
    tenet: 'idle',
    description: 'Flags AWS SDK clients and database connections constructed inside the handler (code).',
    why: 'Code at module scope runs once per execution environment and is reused by every warm invocation; a client built in the handler pays for credentials, TLS and connection set-up on every request, and a connection opened per request can exhaust the database.',
    alternative:
      'Create the client or connection once at module scope (or lazily into a module-level variable) and reuse it in every invocation.',
    justified:
      'A client whose configuration depends on the request (a region or role chosen per tenant) — and even then a module-level cache keyed by that configuration is usually better.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'safe',
    messages: {
      client:
        '{{what}} is created inside the handler: every invocation builds a new client (credentials, TLS, connections). Create it once at module scope so warm invocations reuse it.',
      connection:
        'A {{what}} is opened inside the handler: every invocation opens new connections and may exhaust the database. Open it once at module scope and reuse it in warm invocations.',
    },
  },
  checkCode(context) {
    const { model } = context;
    for (const call of model.calls) {
      const construction = constructionOf(model, call);
      if (!construction || !runsPerInvocation(model, call.node)) continue;
      if (keptAcrossInvocations(model, call.node) || inCachedFunction(model, call.fn)) continue;
      context.report({
        messageId: construction.kind,
        data: { what: construction.label },
        start: call.node.start,
        end: call.node.end,
        fixes: moveFix(model, call),
      });
    }
  },
};

function moveFix(model: CodeModel, call: CallSite): FixSpec[] {
  if (!call.fn) return [];
  const edits = moveToModuleEdits(model, call.node, call.fn);
  return edits ? [{ title: 'Move the client to module scope', safety: 'safe', edits: () => edits }] : [];
}

/**
 * True when the value is stored where the next invocation finds it: a module-level variable (lazy
 * initialization: `client ??= new X()`, `if (!pool) pool = new Pool()`, Python `global`), or an
 * entry of a module-level object (`clients[region] = new S3Client(...)`).
 */
function keptAcrossInvocations(model: CodeModel, node: CodeNode): boolean {
  let current = node;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    const type = parent.type;
    if (
      [
        'parenthesized_expression',
        'await_expression',
        'await',
        'binary_expression',
        'boolean_operator',
        'ternary_expression',
        'conditional_expression',
      ].includes(type)
    )
      continue;
    if (
      [
        'assignment_expression',
        'augmented_assignment_expression',
        'assignment',
        'augmented_assignment',
      ].includes(type) &&
      current.fieldName === 'right'
    )
      return storesInModule(model, parent.field('left'));
    return false;
  }
  return false;
}

function storesInModule(model: CodeModel, target: CodeNode | undefined): boolean {
  let root = unwrap(target);
  while (root && ['member_expression', 'subscript_expression', 'attribute', 'subscript'].includes(root.type))
    root = unwrap(root.field('object') ?? root.field('value'));
  if (!root) return false;
  if (root.type === 'identifier') {
    if (root.text === 'globalThis' || root.text === 'global') return true;
    return bindingOf(model, root)?.scope === model.moduleScope;
  }
  return false;
}

/** Functions whose results are cached (`@functools.lru_cache`, `@cache`) run their body once per argument set. */
function inCachedFunction(model: CodeModel, fn: FunctionInfo | null): boolean {
  for (let current = fn ?? null; current; current = current.enclosing) {
    const decorated = current.node.parent;
    if (decorated?.type !== 'decorated_definition') continue;
    for (const decorator of decorated.items) {
      if (decorator.type !== 'decorator') continue;
      const expr = decorator.items[0];
      const target = expr?.type === 'call' ? expr.field('function') : expr;
      const name = dottedName(originOf(model, target));
      if (name && ['functools.lru_cache', 'functools.cache', 'functools.cached_property'].includes(name))
        return true;
    }
  }
  return false;
}
