/** idle/no-keep-warm-handler: the handler code of a keep-warm setup (an early return for warmer pings). */
import { type CodeNode, unwrap, unwrapAwait } from '../../code/code-node';
import type { CodeModel, FunctionInfo } from '../../code/model';
import { bindingOf, originOf } from '../../code/resolve';
import { propertyName } from '../../code/patterns';
import { constantValue } from '../../code/values';
import type { Rule } from '../types';

const WARMER_LIBRARIES = new Set(['lambda-warmer', 'lambdawarmer', 'lambda_warmer']);
const LOGGERS = new Set(['console', 'print', 'logger', 'log', 'logging']);

export const noKeepWarmHandler: Rule = {
  meta: {
    id: 'idle/no-keep-warm-handler',
    tenet: 'idle',
    description:
      'Flags handler code that returns early for keep-warm pings (serverless-plugin-warmup, scheduled warmers) (code).',
    why: 'Keep-warm pings are paid invocations that do no work: they keep one environment warm (not the ones concurrent requests need), hide cold starts instead of shortening them, and add a schedule and a branch to maintain.',
    alternative:
      'Remove the ping schedule and this branch; make cold starts cheap (smaller package, lazy imports, SnapStart where available), or accept them.',
    justified:
      'Rarely: a latency-critical, low-traffic function where measured cold starts break an SLO and provisioned concurrency is not an option.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'none',
    messages: {
      warmer:
        'The handler returns early for keep-warm pings: paid invocations that do no work and warm only one environment. Remove the ping schedule and this branch, and make cold starts cheaper instead.',
    },
  },
  checkCode(context) {
    const { model } = context;
    for (const handler of model.handlers) {
      for (const decorator of warmerDecorators(model, handler))
        context.report({ messageId: 'warmer', start: decorator.start, end: decorator.end });
      const event = handler.params[0];
      if (!event || (handler.body.type !== 'statement_block' && handler.body.type !== 'block')) continue;
      for (const statement of handler.body.items) {
        if (statement.type !== 'if_statement') continue;
        const condition = statement.field('condition');
        const consequence = statement.field('consequence');
        if (!condition || !consequence || !onlyReturns(consequence)) continue;
        if (!testsWarmer(model, condition, handler)) continue;
        const end = statement.source.slice(statement.start, consequence.start).trimEnd().length;
        context.report({ messageId: 'warmer', start: statement.start, end: statement.start + end });
      }
    }
  },
};

/** Python's `@lambdawarmer.warmer`: the handler's decorators from a warmer library. */
function warmerDecorators(model: CodeModel, handler: FunctionInfo): CodeNode[] {
  const decorated = handler.node.parent;
  if (decorated?.type !== 'decorated_definition') return [];
  return decorated.items.filter((d) => {
    if (d.type !== 'decorator') return false;
    const expr = d.items[0];
    const origin = originOf(model, expr?.type === 'call' ? expr.field('function') : expr);
    return origin.kind === 'module' && WARMER_LIBRARIES.has(origin.module);
  });
}

/** A branch that only returns (possibly after logging or answering a callback). */
function onlyReturns(branch: CodeNode): boolean {
  const statements = branch.type === 'statement_block' || branch.type === 'block' ? branch.items : [branch];
  if (statements.length === 0 || statements.length > 3) return false;
  let returns = false;
  for (const statement of statements) {
    if (statement.type === 'return_statement') returns = true;
    else if (statement.type === 'expression_statement') {
      const call = unwrapAwait(statement.items[0]);
      if (call?.type !== 'call_expression' && call?.type !== 'call') return false;
      const root = calleeRoot(call.field('function'));
      if (!root || !(LOGGERS.has(root) || root === 'callback' || root === 'context')) return false;
    } else return false;
  }
  return returns;
}

function calleeRoot(callee: CodeNode | undefined): string | undefined {
  let node = unwrap(callee);
  while (node && (node.type === 'member_expression' || node.type === 'attribute'))
    node = unwrap(node.field('object'));
  return node?.type === 'identifier' ? node.text : undefined;
}

/** True when a condition looks at a warmer marker on the handler's event. */
function testsWarmer(model: CodeModel, condition: CodeNode, handler: FunctionInfo): boolean {
  let warmer = false;
  condition.walk((node) => {
    if (warmer) return false;
    const call = unwrapAwait(node);
    if (call && (call.type === 'call_expression' || call.type === 'call')) {
      const origin = originOf(model, call.field('function'));
      if (origin.kind === 'module' && WARMER_LIBRARIES.has(origin.module)) warmer = true;
    }
    const path = eventPath(model, node, handler);
    if (path?.some((key) => key.toLowerCase().includes('warm'))) warmer = true;
    else if (path && isComparison(node.parent)) warmer = comparesToWarmer(model, node.parent!, path);
    else if (node.type === 'comparison_operator' && node.hasToken('in')) {
      const [key, container] = node.items;
      const name = constantValue(model, key);
      if (
        typeof name === 'string' &&
        name.toLowerCase().includes('warm') &&
        eventPath(model, container, handler)
      )
        warmer = true;
    }
    return !warmer;
  });
  return warmer;
}

function isComparison(node: CodeNode | null): boolean {
  if (!node) return false;
  if (node.type === 'binary_expression') return ['===', '==', '!==', '!='].some((op) => node.hasToken(op));
  return node.type === 'comparison_operator' && (node.hasToken('==') || node.hasToken('!='));
}

/** `event.source === 'serverless-plugin-warmup'`, `event.source == 'aws.events'`, `event['detail-type'] === 'Scheduled Event'`. */
function comparesToWarmer(model: CodeModel, comparison: CodeNode, path: string[]): boolean {
  const values = comparison.items
    .map((side) => constantValue(model, side))
    .filter((v) => typeof v === 'string') as string[];
  const key = path[path.length - 1];
  return values.some(
    (value) =>
      (key === 'source' && (value.toLowerCase().includes('warm') || value === 'aws.events')) ||
      (key === 'detail-type' && value === 'Scheduled Event'),
  );
}

/** The keys read from the handler's event: `event.a.b`, `event['a']`, `event?.a`, `event.get('a')`, a destructured parameter. */
function eventPath(
  model: CodeModel,
  node: CodeNode | undefined,
  handler: FunctionInfo,
): string[] | undefined {
  const expr = unwrap(node);
  if (!expr) return undefined;
  switch (expr.type) {
    case 'identifier': {
      const binding = bindingOf(model, expr);
      if (binding?.kind !== 'param' || binding.declaration !== handler.node) return undefined;
      const first = handler.params[0];
      if (!first || !first.contains(binding.id)) return undefined;
      return binding.path ?? [];
    }
    case 'member_expression':
    case 'attribute':
    case 'subscript_expression':
    case 'subscript': {
      const base = eventPath(model, expr.field(expr.type === 'subscript' ? 'value' : 'object'), handler);
      if (!base) return undefined;
      const key =
        expr.type === 'member_expression' || expr.type === 'attribute'
          ? propertyName(expr.field(expr.type === 'attribute' ? 'attribute' : 'property'))
          : constantValue(model, expr.field(expr.type === 'subscript' ? 'subscript' : 'index'));
      return typeof key === 'string' ? [...base, key] : undefined;
    }
    case 'call_expression':
    case 'call': {
      // Python `event.get('warmer')`.
      const callee = expr.field('function');
      if (callee?.type !== 'attribute' || callee.field('attribute')?.text !== 'get') return undefined;
      const base = eventPath(model, callee.field('object'), handler);
      const key = constantValue(model, expr.field('arguments')?.items[0]);
      return base && typeof key === 'string' ? [...base, key] : undefined;
    }
    default:
      return undefined;
  }
}
