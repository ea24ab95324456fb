/**
 * What a template links to a function (event source mappings, schedules, API routes) as the model's
 * items. Each item holds the template's own record and reads a field when a rule asks for it: rules
 * that run in full on every re-lint ask thousands of functions, most for one field.
 */
import { type MapNode, type Node, deref, emptyScalar, findPair, get } from '../../parse/ast';
import { toJS } from '../../parse/to-js';
import type {
  EventSourceMapping,
  Queue,
  Route,
  Schedule,
  Site,
  SourceKind,
  Span,
  Value,
} from '../../model/types';
import type { EventSourceMapping as TemplateMapping, Schedule as TemplateSchedule, SamEvent } from './types';
import type { TemplateSemantics } from './semantic';
import { nodeSpan } from './sites';
import { asNumber, asString, resolve } from './values';
import { keepShape } from '../../keep-shape';

export class MappingView implements EventSourceMapping {
  constructor(
    private readonly esm: TemplateMapping,
    private readonly model: TemplateSemantics,
  ) {}

  get kind(): SourceKind {
    return this.esm.kind;
  }

  get span(): Span {
    const at = this.esm.event ? this.esm.event.pair.key : this.esm.resource!.keyNode;
    return { start: at.start, end: at.end };
  }

  get provisionedPollers(): Site | undefined {
    const props = this.esm.properties;
    const pair = props ? findPair(props, 'ProvisionedPollerConfig') : undefined;
    return props && pair ? this.model.propertySite(props, pair, false) : undefined;
  }

  get hasOnFailure(): boolean {
    return get(get(this.esm.properties, 'DestinationConfig'), 'OnFailure') !== undefined;
  }

  get retriesLimited(): boolean {
    const retries = this.number('MaximumRetryAttempts');
    const age = this.number('MaximumRecordAgeInSeconds');
    return (retries !== undefined && retries >= 0) || (age !== undefined && age >= 0);
  }

  get batchingWindow(): number {
    return this.number('MaximumBatchingWindowInSeconds') || 0;
  }

  get queue(): Queue | null {
    return this.esm.queue ? this.model.queueOf(this.esm.queue) : null;
  }

  get anchor(): object {
    return this.esm.properties ?? this.esm;
  }

  private number(key: string): number | undefined {
    return asNumber(resolve(get(this.esm.properties, key) ?? emptyScalar(), this.model.template.parameters));
  }
}
keepShape(new MappingView({} as never, {} as never));

export class ScheduleView implements Schedule {
  constructor(
    private readonly schedule: TemplateSchedule,
    private readonly model: TemplateSemantics,
  ) {}

  get expression(): Value {
    return resolve(this.schedule.expression, this.model.template.parameters);
  }

  get span(): Span {
    return nodeSpan(this.schedule.expression);
  }

  get labels(): readonly string[] {
    const { source } = this.schedule;
    const [label, properties]: [string, MapNode | null] =
      'resource' in source
        ? [source.resource.id, source.resource.properties]
        : [source.event.name, source.event.properties];
    const named = (key: string) => {
      const value = deref(get(properties, key));
      return value?.kind === 'scalar' ? value.value : '';
    };
    return [label, named('Name'), named('Description')];
  }

  inputText(hint: RegExp): string {
    const input = this.schedule.input;
    if (!input) return '';
    // Converted only when its written text could say so: without an escape (`\`) or an alias (`*`),
    // the value's words are in the text as written. Bounded: a ping's input is short.
    const written = this.model.template.doc.text.slice(input.start, input.end);
    return hint.test(written) || /[\\*]/.test(written) ? JSON.stringify(toJS(input)).slice(0, 10_000) : '';
  }
}
keepShape(new ScheduleView({} as never, {} as never));

/** A SAM `Api` or `HttpApi` event as a route. */
export class EventRoute implements Route {
  constructor(
    private readonly event: SamEvent,
    private readonly model: TemplateSemantics,
  ) {}

  get api(): 'rest' | 'http' {
    return this.event.type === 'Api' ? 'rest' : 'http';
  }

  get method(): string | undefined {
    return this.literal(get(this.event.properties, 'Method'));
  }

  get path(): string | undefined {
    return this.literal(get(this.event.properties, 'Path'));
  }

  /** An HttpApi event without a path or method is the API's $default route. */
  get defaultRoute(): boolean {
    const props = this.event.properties;
    return this.event.type === 'HttpApi' && !get(props, 'Path') && !get(props, 'Method');
  }

  get span(): Span {
    return nodeSpan(get(this.event.properties, 'Path') ?? this.event.pair.key);
  }

  private literal(node: Node | undefined): string | undefined {
    return node ? asString(resolve(node, this.model.template.parameters)) : undefined;
  }
}
keepShape(new EventRoute({} as never, {} as never));
