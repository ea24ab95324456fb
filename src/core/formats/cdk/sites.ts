/**
 * Where things are written in CDK app code, and the edits offered there in the code's own terms:
 * remove a prop (`vpc`), set a literal (`memorySize: 10240` → `3008`; `Duration.minutes(15)` →
 * `Duration.seconds(29)`; `FunctionUrlAuthType.NONE` → `AWS_IAM`), insert props beside a
 * construct's others (`timeout: Duration.seconds(3)`, or `timeout=Duration.seconds(3)` in Python),
 * remove a wiring statement (`capacityProvider.addFunction(fn)`). A value not written in place (a
 * constant, a parameter) is never overwritten: the operation answers undefined.
 */
import type { CodeNode } from '../../code/code-node';
import { unwrap } from '../../code/code-node';
import type { CodeModel } from '../../code/model';
import type { OffsetEdit } from '../../fix/edits';
import { keepShape } from '../../keep-shape';
import type { NameKey, Site, Span } from '../../model/types';
import { localCoreName } from './cdk-names';
import { PROP_NAMES, snakeCase } from './names';
import type { WrittenProp } from './props';
import { insertItems, removeItem, removeStatement } from './edits';

/** How a value of each kind of prop is written. */
export type Rendering = 'number' | 'duration' | 'size' | 'enum' | 'none';

const NO_SPANS: readonly Span[] = Object.freeze([]);

/** What the names of the other props a fix may write are. */
const INSERTED_NAMES: Partial<Record<NameKey, string>> = {
  ...PROP_NAMES,
  visibilityTimeout: 'visibilityTimeout',
};
const RENDERINGS: Partial<Record<NameKey, Rendering>> = {
  timeout: 'duration',
  visibilityTimeout: 'duration',
  memory: 'number',
  ephemeralStorage: 'size',
  reservedConcurrency: 'number',
};

/** A value written as the CDK wants it (`Duration.seconds(29)`); undefined when the file cannot say it. */
function render(
  model: CodeModel,
  rendering: Rendering,
  value: string | number,
  written?: CodeNode,
): string | undefined {
  if (rendering === 'number') return typeof value === 'number' ? String(value) : undefined;
  if (rendering === 'duration' || rendering === 'size') {
    if (typeof value !== 'number') return undefined;
    // The class as this file writes it: from the call being replaced, else the file's import.
    const callee =
      written && (written.type === 'call_expression' || written.type === 'call')
        ? written.field('function')
        : undefined;
    const object = callee?.field('object')?.text;
    const owner = object ?? localCoreName(model, rendering === 'duration' ? 'Duration' : 'Size');
    if (!owner) return undefined;
    return `${owner}.${rendering === 'duration' ? 'seconds' : 'mebibytes'}(${value})`;
  }
  return undefined;
}

/** A prop (pair, shorthand property, keyword argument) of a construct or of a props object it spreads. */
export class PropSite implements Site {
  declare readonly inheritedFrom: string | undefined;
  declare private readonly model: CodeModel;
  declare private readonly prop: WrittenProp;
  declare private readonly rendering: Rendering;
  declare private readonly literal: boolean;

  constructor(model: CodeModel, prop: WrittenProp, rendering: Rendering, literal: boolean) {
    this.model = model;
    this.prop = prop;
    this.rendering = rendering;
    this.literal = literal;
    this.inheritedFrom = prop.from;
  }

  get span(): Span {
    return { start: this.prop.node.start, end: this.prop.node.end };
  }

  remove(): OffsetEdit[] | undefined {
    const edits = removeItem(this.model.text, this.prop.container, this.prop.node);
    return edits.length ? edits : undefined;
  }

  setValue(value: string | number): OffsetEdit[] | undefined {
    if (!this.literal || this.prop.node.type === 'shorthand_property_identifier') return undefined;
    const written = unwrap(this.prop.value) ?? this.prop.value;
    if (this.rendering === 'enum') {
      // `lambda.FunctionUrlAuthType.NONE` → `…AWS_IAM`: the member, in place.
      const member = written.field(written.type === 'attribute' ? 'attribute' : 'property');
      if (!member || typeof value !== 'string') return undefined;
      return [{ start: member.start, end: member.end, newText: value }];
    }
    const text = render(this.model, this.rendering, value, written);
    return text === undefined ? undefined : [{ start: written.start, end: written.end, newText: text }];
  }

  insert(): undefined {
    return undefined;
  }

  itemsMatching(pattern: RegExp): readonly Span[] {
    const list = unwrap(this.prop.value);
    if (list?.type !== 'array' && list?.type !== 'list') return NO_SPANS;
    let found: Span[] | undefined;
    for (const item of list.items)
      if (pattern.test(item.text)) (found ??= []).push({ start: item.start, end: item.end });
    return found ?? NO_SPANS;
  }
}
keepShape(new PropSite({} as never, { from: undefined } as never, 'none', false));

/**
 * A construct's declaration: `new lambda.Function(this, 'Worker'` (what function-wide findings
 * underline), and its props object or keyword arguments (where settings are inserted).
 */
export class ConstructSite implements Site {
  declare readonly inheritedFrom: undefined;
  declare private readonly model: CodeModel;
  declare private readonly call: CodeNode;
  declare private readonly idArg: CodeNode | undefined;
  declare private readonly own: CodeNode | undefined;

  constructor(model: CodeModel, call: CodeNode, idArg: CodeNode | undefined, own: CodeNode | undefined) {
    this.model = model;
    this.call = call;
    this.idArg = idArg;
    this.own = own;
    this.inheritedFrom = undefined;
  }

  get span(): Span {
    const callee = this.call.field(this.call.type === 'new_expression' ? 'constructor' : 'function');
    return { start: this.call.start, end: (this.idArg ?? callee ?? this.call).end };
  }

  remove(): undefined {
    return undefined;
  }

  setValue(): undefined {
    return undefined;
  }

  insert(entries: readonly (readonly [NameKey, string | number])[]): OffsetEdit[] | undefined {
    const python = this.model.family === 'python';
    const written: string[] = [];
    for (const [key, value] of entries) {
      const name = INSERTED_NAMES[key];
      const rendering = RENDERINGS[key];
      const text = rendering && render(this.model, rendering, value);
      if (!name || text === undefined) return undefined;
      written.push(python ? `${snakeCase(name)}=${text}` : `${name}: ${text}`);
    }
    const text = this.model.text;
    if (this.own) {
      const edits = insertItems(text, this.own, written);
      return edits.length ? edits : undefined;
    }
    // No props written: a props argument after the id (`new sqs.Queue(this, 'Q')`).
    if (!this.idArg || python) return undefined;
    return [{ start: this.idArg.end, end: this.idArg.end, newText: `, { ${written.join(', ')} }` }];
  }

  itemsMatching(): readonly Span[] {
    return NO_SPANS;
  }
}
keepShape(new ConstructSite({} as never, {} as never, undefined, undefined));

/** A wiring call (`capacityProvider.addFunction(fn)`, `fn.addFunctionUrl(…)`): removed as a statement. */
export class StatementSite implements Site {
  readonly inheritedFrom = undefined;

  constructor(
    private readonly model: CodeModel,
    private readonly call: CodeNode,
    private readonly removable: boolean,
  ) {}

  get span(): Span {
    return { start: this.call.start, end: this.call.end };
  }

  remove(): OffsetEdit[] | undefined {
    return this.removable ? removeStatement(this.model.text, this.call) : undefined;
  }

  setValue(): undefined {
    return undefined;
  }

  insert(): undefined {
    return undefined;
  }

  itemsMatching(): readonly Span[] {
    return NO_SPANS;
  }
}
keepShape(new StatementSite({} as never, {} as never, false));
