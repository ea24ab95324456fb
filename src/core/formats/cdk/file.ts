/**
 * One analysed CDK source file: its parse, its code model (scopes, bindings, calls: src/core/code),
 * the constructs it creates, their construct paths, and the project around it (cdk.json). The
 * adapter's views read everything through it.
 */
import type { CodeNode } from '../../code/code-node';
import type { CodeModel } from '../../code/model';
import type { ParsedCode } from '../../code/parse';
import type { Queue, Span } from '../../model/types';
import { type Construct, type FileConstructs, constructAt } from './constructs';
import { type ConstructPaths, singletonId } from './construct-paths';
import type { CdkProject } from './project';
import { ConstructSite, PropSite } from './sites';
import { readValue } from './values';
import { constantValue } from '../../code/values';
import { keepShape } from '../../keep-shape';

/** The visibility timeout SQS applies when a queue sets none, in seconds. */
const SQS_DEFAULT_VISIBILITY = 30;

export class CdkFile {
  private readonly queues = new Map<Construct, Queue>();
  private readonly ids = new Map<Construct, string>();
  private versionMentions: Set<Construct> | undefined;

  constructor(
    readonly path: string,
    readonly parsed: ParsedCode,
    readonly code: CodeModel,
    readonly constructs: FileConstructs,
    readonly paths: ConstructPaths,
    readonly project: CdkProject,
  ) {}

  get text(): string {
    return this.code.text;
  }

  span(node: CodeNode): Span {
    return { start: node.start, end: node.end };
  }

  /**
   * A construct's id as the model names it: its construct path where the file (and the app's entry)
   * say it, else its construct id, else the id as written.
   */
  idOf(c: Construct): string {
    let id = this.ids.get(c);
    if (id !== undefined) return id;
    if (c.type === 'aws_lambda.SingletonFunction') {
      const uuid = c.props.byName.get('uuid');
      const purpose = c.props.byName.get('lambdaPurpose');
      const uuidValue = uuid && constantValue(this.code, uuid.value);
      const purposeValue = purpose && constantValue(this.code, purpose.value);
      if (typeof uuidValue === 'string' && (!purpose || typeof purposeValue === 'string')) {
        const own = singletonId(uuidValue, purposeValue as string | undefined);
        const stack = this.paths.stackPathOfScope(c.positional[0]);
        id = stack ? `${stack}/${own}` : own;
      }
    }
    id ??= this.paths.pathOfNew(c.call.node) ?? c.constructId ?? c.idArg?.text ?? '(unnamed construct)';
    this.ids.set(c, id);
    return id;
  }

  /** The model's view of a queue construct (one object per queue: rules group mappings by it). */
  queue(c: Construct): Queue {
    let queue = this.queues.get(c);
    if (queue) return queue;
    const visibility = c.props.byName.get('visibilityTimeout');
    const read = visibility && readValue(this.code, visibility.value, 'duration');
    queue = {
      id: this.idOf(c),
      site: new ConstructSite(this.code, c.call.node, c.idArg, c.props.own),
      visibilityTimeout:
        visibility && read
          ? { value: read.value, site: new PropSite(this.code, visibility, 'duration', read.literal) }
          : undefined,
      defaultVisibilityTimeout: SQS_DEFAULT_VISIBILITY,
      hasDeadLetterQueue: c.props.byName.has('deadLetterQueue'),
    };
    this.queues.set(c, queue);
    return queue;
  }

  /** True when the file asks for a function's `currentVersion` (the CDK then makes the version). */
  mentionsCurrentVersion(fn: Construct): boolean {
    if (!this.versionMentions) {
      const found = new Set<Construct>();
      this.code.root.walk((node) => {
        const property =
          node.type === 'member_expression'
            ? node.field('property')
            : node.type === 'attribute'
              ? node.field('attribute')
              : undefined;
        if (property?.text !== 'currentVersion' && property?.text !== 'current_version') return true;
        const target = constructAt(this.code, this.constructs, node.field('object'));
        if (target?.construct.kind === 'function') found.add(target.construct);
        return true;
      });
      this.versionMentions = found;
    }
    return this.versionMentions.has(fn);
  }
}
keepShape(new CdkFile('', {} as never, {} as never, {} as never, {} as never, {} as never));
