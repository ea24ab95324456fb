/**
 * What derives from the invocation's event: the handler's first parameter, names initialised from it
 * (`const id = event.id`, `for (const r of event.Records)`), and the parameters of same-file functions
 * the handler passes such values to. Used to tell per-request growth (`cache[event.id] = ...`) from a
 * memo keyed by configuration (`clients[tableName] ??= ...`).
 */
import type { CodeNode } from './code-node';
import type { Binding, CodeModel } from './model';
import { bindingOf, calleeOrigin } from './resolve';

const ROUNDS = 6;

/** A predicate: does this expression read anything derived from the event? */
export function eventTaint(model: CodeModel): (node: CodeNode | undefined) => boolean {
  const tainted = new Set<Binding>();
  for (const handler of model.handlers) {
    const first = handler.params[0];
    if (!first) continue;
    for (const binding of handler.scope.bindings.values())
      if (binding.kind === 'param' && first.contains(binding.id)) tainted.add(binding);
  }
  const reads = (node: CodeNode | undefined): boolean => {
    if (!node) return false;
    let found = false;
    node.walk((n) => {
      if (found) return false;
      if (n.type === 'identifier' || n.type === 'shorthand_property_identifier') {
        const binding = bindingOf(model, n);
        if (binding && tainted.has(binding)) found = true;
      }
      return !found;
    });
    return found;
  };
  const scopeFunctions = [...model.handlerScope];
  for (let round = 0; round < ROUNDS; round++) {
    const before = tainted.size;
    for (const fn of scopeFunctions)
      for (const binding of fn.scope.bindings.values())
        if (
          !tainted.has(binding) &&
          (reads(binding.init) ||
            reads(binding.iterates) ||
            binding.assignments.some((a) => reads(a.field('right'))))
        )
          tainted.add(binding);
    for (const call of model.calls) {
      if (!call.fn || !model.handlerScope.has(call.fn)) continue;
      const origin = calleeOrigin(model, call);
      if (origin.kind !== 'function') continue;
      call.args.forEach((arg, i) => {
        const name = origin.fn.paramNames[i];
        const param = name !== undefined ? origin.fn.scope.bindings.get(name) : undefined;
        if (param && !tainted.has(param) && reads(arg)) tainted.add(param);
      });
    }
    if (tainted.size === before) break;
  }
  return reads;
}
