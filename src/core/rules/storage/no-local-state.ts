/** storage/no-local-state: state kept in the execution environment (/tmp caches, module-level collections that grow). */
import { type CodeNode, unwrap } from '../../code/code-node';
import { type FileAccess, findFileAccesses } from '../../code/file-access';
import { runsPerInvocation } from '../../code/handler-scope';
import type { Binding, CodeModel } from '../../code/model';
import { bindingOf, enclosingFunction } from '../../code/resolve';
import { moduleCollections, trimmedOrMeasured } from '../../code/collections';
import { eventTaint } from '../../code/taint';
import type { Report, Rule } from '../types';

const APPEND = new Set(['push', 'unshift', 'append', 'extend', 'insert', 'appendleft']);
const KEYED = new Set(['set', 'add', 'setdefault', 'update']);
const TRIM = new Set([
  'delete',
  'clear',
  'shift',
  'pop',
  'splice',
  'popitem',
  'remove',
  'discard',
  'popleft',
]);

export const noLocalState: Rule = {
  meta: {
    id: 'storage/no-local-state',
    tenet: 'storage',
    description:
      'Flags /tmp files read back on later invocations and module-level collections the handler grows without bound (code).',
    why: 'An execution environment is disposable: /tmp and memory are empty after a cold start, differ between concurrent environments, and are lost when the environment is recycled. State kept there gives different answers per environment, and memory that grows per request ends in out-of-memory errors.',
    alternative:
      'Keep state in a managed store (DynamoDB, S3, ElastiCache, or a parameter store) and treat /tmp and module variables as a cache that may be empty; bound in-memory caches (an LRU with a maximum size).',
    justified:
      'A bounded cache of data that is expensive to fetch and identical for every request (downloaded models, reference data), where a miss is only slower.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'none',
    messages: {
      tmpCache:
        '{{path}} is written to /tmp and read back on a later invocation: /tmp belongs to one execution environment, is empty after a cold start and differs between concurrent ones. Keep the state in S3, DynamoDB or ElastiCache.',
      growing:
        '{{name}} is a module-level {{kind}} the handler grows on every invocation and never trims: memory grows until the environment is recycled, and each environment holds different data. Keep it in DynamoDB or ElastiCache, or bound it (an LRU with a maximum size).',
    },
  },
  checkCode(context) {
    const { model } = context;
    for (const report of tmpCaches(model)) context.report(report);
    for (const report of growingCollections(model)) context.report(report);
  },
};

/** Reads of a /tmp path that is also written, when the read checks for the file first or comes before the write. */
function tmpCaches(model: CodeModel): Report[] {
  const byPath = new Map<string, FileAccess[]>();
  for (const access of findFileAccesses(model)) {
    if (!access.path.startsWith('/tmp/')) continue;
    const list = byPath.get(access.path);
    if (list) list.push(access);
    else byPath.set(access.path, [access]);
  }
  const reports: Report[] = [];
  for (const [path, accesses] of byPath) {
    const writes = accesses.filter((a) => a.mode === 'write');
    const reads = accesses.filter((a) => a.mode === 'read' && runsPerInvocation(model, a.call.node));
    if (writes.length === 0 || reads.length === 0) continue;
    const checked =
      accesses.some((a) => a.mode === 'check') || reads.some((r) => guardedByMissingFile(model, r.call.node));
    const read = reads.find(
      (r) =>
        checked ||
        writes.some(
          (w) =>
            enclosingFunction(model, w.call.node) === enclosingFunction(model, r.call.node) &&
            w.call.node.start > r.call.node.start,
        ),
    );
    if (read)
      reports.push({
        messageId: 'tmpCache',
        data: { path },
        start: read.call.node.start,
        end: read.call.node.end,
      });
  }
  return reports;
}

/** `try { read } catch (ENOENT)` / `except FileNotFoundError`: a read that expects the file may be missing. */
function guardedByMissingFile(model: CodeModel, node: CodeNode): boolean {
  const tryStatement = node.ancestor((n) => n.type === 'try_statement');
  if (!tryStatement) return false;
  const handler = tryStatement.items.find((c) => c.type === 'catch_clause' || c.type === 'except_clause');
  if (!handler) return false;
  let missing = false;
  handler.walk((n) => {
    if (
      n.type === 'identifier' &&
      (n.text === 'FileNotFoundError' || n.text === 'OSError' || n.text === 'IOError')
    )
      missing = true;
    if (n.type === 'string' && n.text.includes('ENOENT')) missing = true;
    return !missing;
  });
  // A catch that ignores every error around a read of a written file is the same cache pattern.
  return missing || (model.family === 'node' && handler.type === 'catch_clause');
}

function growingCollections(model: CodeModel): Report[] {
  const candidates = moduleCollections(model);
  if (candidates.size === 0) return [];
  const fromEvent = eventTaint(model);
  const growth = new Map<Binding, CodeNode>();
  const trimmed = new Set<Binding>();
  const collectionOf = (node: CodeNode | undefined): Binding | undefined => {
    const target = unwrap(node);
    const binding = target?.type === 'identifier' ? bindingOf(model, target) : undefined;
    return binding && candidates.has(binding) ? binding : undefined;
  };
  for (const call of model.calls) {
    const callee = call.callee;
    if (callee.type !== 'member_expression' && callee.type !== 'attribute') continue;
    const method = callee.field(callee.type === 'attribute' ? 'attribute' : 'property')?.text ?? '';
    if (!APPEND.has(method) && !KEYED.has(method) && !TRIM.has(method)) continue;
    const binding = collectionOf(callee.field('object'));
    if (!binding) continue;
    if (TRIM.has(method)) trimmed.add(binding);
    const grows = APPEND.has(method) || (KEYED.has(method) && fromEvent(call.args[0]));
    if (grows && runsPerInvocation(model, call.node) && !growth.has(binding)) growth.set(binding, call.node);
  }
  for (const assignment of model.assignments) {
    const left = unwrap(assignment.field('left'));
    if (left?.type !== 'subscript_expression' && left?.type !== 'subscript') continue;
    const binding = collectionOf(left.field(left.type === 'subscript' ? 'value' : 'object'));
    const key = left.field(left.type === 'subscript' ? 'subscript' : 'index');
    if (binding && fromEvent(key) && runsPerInvocation(model, assignment) && !growth.has(binding))
      growth.set(binding, assignment);
  }
  if (growth.size === 0) return [];
  for (const binding of trimmedOrMeasured(model, candidates)) trimmed.add(binding);
  const reports: Report[] = [];
  for (const [binding, site] of growth) {
    if (trimmed.has(binding)) continue;
    reports.push({
      messageId: 'growing',
      data: { name: binding.name, kind: candidates.get(binding)!.kind },
      start: site.start,
      end: site.end,
      related: [
        {
          start: binding.id.start,
          end: binding.id.end,
          message: `${binding.name} is declared here, at module level`,
        },
      ],
    });
  }
  return reports;
}
