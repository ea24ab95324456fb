/**
 * Shared pieces of rules: grouping a property by where it was written (so a `Globals` setting gives
 * one finding naming every function it affects), ranges, and the common fixes.
 */
import type { MapNode, Node, Pair } from '../parse/ast';
import { deref } from '../parse/ast';
import type {
  FunctionProperty,
  LambdaFunction,
  Resource,
  TemplateModel,
} from '../formats/cloudformation/types';
import type { Resolved } from '../formats/cloudformation/values';
import { type OffsetEdit, insertPairs, removePair, replaceNode } from '../fix/edits';
import type { FixSpec, Report, RuleContext } from './types';

/** One written setting and the functions it applies to. */
export interface Setting {
  name: string;
  pair: Pair;
  container: MapNode;
  fromGlobals: boolean;
  resolved: Resolved;
  /** Shared with the function's other own settings: never changed by a rule. */
  readonly functions: readonly LambdaFunction[];
}

/** Per model: the settings found so far by name, and the properties of the asked-for names. */
interface SettingsCache {
  /** The names of this model's run (see namesOfRun), shared with the next model of the same run. */
  names: Set<string>;
  byName: Map<string, Setting[]>;
  written: Map<string, Written>;
}

/**
 * Where one property name is written: for each function that has it, a list holding just the
 * function (one per function, shared by all its own settings and never changed), then the property.
 */
type Written = (readonly LambdaFunction[] | FunctionProperty)[];

const settingsCache = new WeakMap<TemplateModel, SettingsCache>();

/**
 * The property names asked for a model, by the name asked first. Rules run in a fixed order, so the
 * first name identifies the run: a full lint asks for about ten names, a re-lint for three on the
 * whole model (the rules that run in full) and the rest on the changed functions only. The first
 * call for a model finds all the names its run asked for last time in one pass over each function's
 * properties: one walk of each function's map costs less than a look-up per name in thousands of
 * maps that are no longer in the CPU's cache.
 */
const namesOfRun = new Map<string, Set<string>>();

/** Every place a function property is written, each with the functions that take it (computed once per model). */
export function settings(model: TemplateModel, name: string): Setting[] {
  let cache = settingsCache.get(model);
  if (!cache) {
    let names = namesOfRun.get(name);
    if (!names) namesOfRun.set(name, (names = new Set([name])));
    cache = { names, byName: new Map(), written: propertiesByName(model, names) };
    settingsCache.set(model, cache);
  }
  let found = cache.byName.get(name);
  if (!found) {
    let written = cache.written.get(name);
    if (!written) {
      cache.names.add(name);
      written = propertiesByName(model, new Set([name])).get(name)!;
    }
    cache.byName.set(name, (found = collectSettings(written, name)));
  }
  return found;
}

function propertiesByName(model: TemplateModel, names: ReadonlySet<string>): Map<string, Written> {
  const out = new Map<string, Written>();
  for (const name of names) out.set(name, []);
  // Map.forEach with one callback: `for...of` would make an entry pair for every property.
  let fn: LambdaFunction;
  let alone: readonly LambdaFunction[] | undefined;
  const visit = (prop: FunctionProperty, name: string) => out.get(name)?.push((alone ??= [fn]), prop);
  for (fn of model.functions) {
    alone = undefined;
    fn.props.forEach(visit);
  }
  return out;
}

function collectSettings(written: Written, name: string): Setting[] {
  const out: Setting[] = [];
  // A function's own pair is its alone; only Globals pairs are shared and need grouping.
  const shared = new Map<Pair, Setting>();
  const add = (prop: FunctionProperty, alone: readonly LambdaFunction[]) => {
    if (!prop.fromGlobals) {
      out.push({
        name,
        pair: prop.pair,
        container: prop.container,
        fromGlobals: false,
        resolved: prop.resolved,
        functions: alone,
      });
      return;
    }
    let setting = shared.get(prop.pair);
    if (!setting) {
      setting = {
        name,
        pair: prop.pair,
        container: prop.container,
        fromGlobals: true,
        resolved: prop.resolved,
        functions: [],
      };
      shared.set(prop.pair, setting);
      out.push(setting);
    }
    (setting.functions as LambdaFunction[]).push(alone[0]); // a Globals setting's own list, built here
  };
  for (let i = 0; i < written.length; i += 2) {
    const alone = written[i] as readonly LambdaFunction[];
    const own = written[i + 1] as FunctionProperty;
    add(own, alone);
    // A Globals list or map that SAM merges into the function's own applies to the function as well.
    if (own.inherited) add(own.inherited, alone);
  }
  return out;
}

/** The span a property finding underlines: the key, and the value too when it is a one-line scalar. */
export function pairSpan(pair: Pair): { start: number; end: number } {
  const value = deref(pair.value);
  const short = value?.kind === 'scalar' && !value.value.includes('\n');
  return { start: pair.key.start, end: short ? pair.value.end : pair.key.end };
}

export function nodeSpan(node: Node): { start: number; end: number } {
  return { start: node.tag ? node.tag.start : node.start, end: Math.max(node.end, node.start + 1) };
}

export function ids(functions: readonly LambdaFunction[]): string[] {
  return functions.map((f) => f.id);
}

/** "function X" or "3 functions (A, B, C)": how messages name what a setting affects. */
export function describeFunctions(functions: readonly LambdaFunction[]): string {
  return describeFunctionIds(functions.map((f) => f.id));
}

export function describeFunctionIds(ids: string[]): string {
  if (ids.length === 1) return `function ${ids[0]}`;
  const more = ids.length > 5 ? `, and ${ids.length - 5} more` : '';
  return `${ids.length} functions (${ids.slice(0, 5).join(', ')}${more})`;
}

/** What a setting written on the function itself points back at: nothing (one shared, frozen list). */
const NO_RELATED: NonNullable<Report['related']> = Object.freeze([]) as unknown as NonNullable<
  Report['related']
>;

/** A report for a setting: at the pair, naming its functions, pointing back at Globals when it came from there. */
export function settingReport(
  setting: Setting,
  functions: readonly LambdaFunction[],
  report: Omit<Report, 'start' | 'end'>,
): Report {
  const related = setting.fromGlobals
    ? functions.map((fn) => ({
        start: fn.resource.keyNode.start,
        end: fn.resource.keyNode.end,
        message: `${fn.id} takes this setting from Globals`,
      }))
    : NO_RELATED;
  const span = pairSpan(setting.pair);
  return {
    messageId: report.messageId,
    data: report.data,
    start: span.start,
    end: span.end,
    functions: ids(functions),
    fixes: report.fixes,
    escalate: report.escalate,
    related: report.related ?? related,
  };
}

export function removeFix(
  context: RuleContext,
  title: string,
  container: MapNode,
  pair: Pair,
  safe: boolean,
): FixSpec {
  return { title, safe, edits: removePair(context.model.doc, container, pair) };
}

/** Sets a literal value; no fix when the value comes from a parameter or an intrinsic (never guessed). */
export function setValueFix(
  title: string,
  node: Node,
  resolved: Resolved,
  newText: string,
  safe: boolean,
): FixSpec[] {
  if (resolved.kind !== 'literal') return [];
  return [{ title, safe, edits: [replaceNode(node, newText)] }];
}

export function insertFix(
  context: RuleContext,
  title: string,
  map: MapNode | null,
  entries: [string, string][],
  safe: boolean,
): FixSpec[] {
  if (!map) return [];
  const edits: OffsetEdit[] = insertPairs(context.model.doc, map, entries);
  return edits.length ? [{ title, safe, edits }] : [];
}

/** Parses `rate(5 minutes)` and the common `cron(...)` forms into a period in minutes, when regular. */
export function schedulePeriodMinutes(expression: string): number | undefined {
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2].toLowerCase();
    return unit.startsWith('minute') ? n : unit.startsWith('hour') ? n * 60 : n * 1440;
  }
  const cron = /^cron\(\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*(\S*)\s*\)$/i.exec(expression.trim());
  if (cron) {
    const [, minutes, hours] = cron;
    if (hours !== '*' && hours !== '*/1' && hours !== '0/1') return undefined;
    if (minutes === '*') return 1;
    const step = /^(?:\*|\d+)\/(\d+)$/.exec(minutes);
    if (step) return Number(step[1]);
    const list = minutes.split(',');
    if (list.length > 1 && list.every((m) => /^\d+$/.test(m))) return Math.ceil(60 / list.length);
  }
  return undefined;
}

/**
 * True when a parse problem lies in a resource's part of the text (up to the next resource): what
 * could not be read there may be exactly the setting a rule would miss, so rules that report an
 * absence stay quiet rather than guess.
 */
export function hasParseProblem(model: TemplateModel, resource: Resource): boolean {
  if (model.doc.problems.length === 0) return false;
  let owners = problemOwners.get(model);
  if (!owners) problemOwners.set(model, (owners = resourcesWithProblems(model)));
  return owners.has(resource);
}

/** Computed once per model: the resources whose part of the text holds a parse problem. */
const problemOwners = new WeakMap<TemplateModel, Set<Resource>>();

function resourcesWithProblems(model: TemplateModel): Set<Resource> {
  const sorted = [...model.resources.values()].sort((a, b) => a.keyNode.start - b.keyNode.start);
  const owners = new Set<Resource>();
  for (const problem of model.doc.problems) {
    // The last resource starting at or before the problem owns it.
    let lo = 0;
    let hi = sorted.length - 1;
    let owner: Resource | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].keyNode.start <= problem.start) {
        owner = sorted[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (owner) owners.add(owner);
  }
  return owners;
}
