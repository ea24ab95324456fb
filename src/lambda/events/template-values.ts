/**
 * Reading the values event sources need from a template: literals through the core's `resolve`,
 * `Fn::Sub` strings whose variables are pseudo parameters or parameter defaults, and the physical
 * names of resources in the template (their name property, or the name CloudFormation would generate,
 * which is a placeholder).
 */
import { createHash } from 'node:crypto';
import type { Node } from '../../core/parse/ast';
import { asMap, asSeq, deref, get } from '../../core/parse/ast';
import type { LambdaFunction, Resource, TemplateModel } from '../../core/formats/cloudformation/types';
import { asString, intrinsicOf, referencedIds, resolve } from '../../core/formats/cloudformation/values';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, partitionOf } from './base';

export interface DescribeOptions {
  /** For `AWS::Region` and ARNs; default us-east-1. */
  region?: string;
  /** For `AWS::AccountId` and ARNs; default 123456789012. */
  account?: string;
  /** For `AWS::StackName` and generated names; default `sam-app` (what `sam init` names a stack). */
  stackName?: string;
}

/** A value read from the template: known, or a placeholder standing for a deploy-time value. */
export interface Read {
  value: string | undefined;
  placeholder: boolean;
  /** The template resource it names, when it names one. */
  resource?: Resource;
}

const NAME_PROPERTY: Record<string, string> = {
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::Kinesis::Stream': 'Name',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Events::Rule': 'Name',
  'AWS::Scheduler::Schedule': 'Name',
};

export class TemplateValues {
  readonly region: string;
  readonly account: string;
  readonly stackName: string;

  constructor(
    readonly model: TemplateModel,
    readonly options: DescribeOptions = {},
  ) {
    this.region = options.region ?? DEFAULT_REGION;
    this.account = options.account ?? DEFAULT_ACCOUNT;
    this.stackName = options.stackName ?? 'sam-app';
  }

  /** A scalar literal (or a parameter's default) as text. */
  literal(node: Node | null | undefined): string | undefined {
    if (!node) return undefined;
    const text = asString(resolve(node, this.model.parameters));
    return text ?? this.sub(node);
  }

  /** A literal collection (or scalar) as plain JavaScript; undefined when it is an intrinsic. */
  json(node: Node | null | undefined): unknown {
    if (!node) return undefined;
    const resolved = resolve(node, this.model.parameters);
    return resolved.kind === 'dynamic' ? undefined : resolved.value;
  }

  /** An `Fn::Sub` string whose variables are all known: pseudo parameters, parameter defaults, its own map. */
  private sub(node: Node): string | undefined {
    const intrinsic = intrinsicOf(node);
    if (intrinsic?.name !== 'Fn::Sub') return undefined;
    const arg = deref(intrinsic.arg);
    const template = arg?.kind === 'scalar' ? arg : deref(asSeq(arg)?.items[0]);
    if (template?.kind !== 'scalar') return undefined;
    const vars = asMap(asSeq(arg)?.items[1]);
    const pseudo: Record<string, string> = {
      'AWS::Region': this.region,
      'AWS::AccountId': this.account,
      'AWS::Partition': partitionOf(this.region),
      'AWS::StackName': this.stackName,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    let unknown = false;
    const text = template.value.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      const own = vars ? get(vars, name) : undefined;
      if (own) {
        const value = asString(resolve(own, this.model.parameters));
        if (value !== undefined) return value;
      } else if (pseudo[name] !== undefined) return pseudo[name];
      else {
        const param = this.model.parameters.get(name);
        if (param && 'default' in param && param.default !== undefined && param.default !== null)
          return String(param.default);
      }
      unknown = true;
      return whole;
    });
    return unknown ? undefined : text;
  }

  /** The first template resource a value refers to (`!Ref`, `!GetAtt`, `!Sub`), optionally of given types. */
  resourceIn(node: Node | null | undefined, types?: readonly string[]): Resource | undefined {
    for (const id of referencedIds(node)) {
      const resource = this.model.resources.get(id);
      if (resource && (!types || types.includes(resource.type))) return resource;
    }
    return undefined;
  }

  /** The name CloudFormation gives a resource without a name: `<stack>-<LogicalId>-<SUFFIX>`. */
  generatedName(logicalId: string, lowercase = false): string {
    const suffix = [...createHash('sha256').update(logicalId).digest()]
      .slice(0, 12)
      .map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[b % 36])
      .join('');
    const name = `${this.stackName}-${logicalId}-${suffix}`;
    return lowercase ? name.toLowerCase() : name;
  }

  /** A resource's physical name: its name property when literal, else the generated one (a placeholder). */
  physicalName(resource: Resource): { value: string; placeholder: boolean } {
    const property = NAME_PROPERTY[resource.type];
    const literal = property ? this.literal(get(resource.properties, property)) : undefined;
    if (literal) return { value: literal, placeholder: false };
    let value = this.generatedName(resource.id, resource.type === 'AWS::S3::Bucket');
    if (resource.type === 'AWS::SQS::Queue' && this.json(get(resource.properties, 'FifoQueue')) === true)
      value = `${value.slice(0, 75)}.fifo`;
    return { value, placeholder: true };
  }

  /**
   * A source named by a property: a literal name or ARN, a resource of the template (by its physical
   * name), or nothing known (a placeholder).
   */
  source(node: Node | null | undefined, types: readonly string[]): Read {
    const literal = this.literal(node);
    if (literal !== undefined && literal !== '') return { value: literal, placeholder: false };
    const resource = this.resourceIn(node, types);
    if (resource) return { ...this.physicalName(resource), resource };
    return { value: undefined, placeholder: true };
  }

  /** The function's execution role ARN (SAM creates `<Function>Role` when none is given). */
  roleArn(fn: LambdaFunction): Read {
    const node = fn.props.get('Role')?.pair.value;
    const partition = partitionOf(this.region);
    const literal = this.literal(node);
    if (literal) return { value: literal, placeholder: false };
    const role = this.resourceIn(node, ['AWS::IAM::Role']);
    if (role) {
      const name = this.physicalName(role);
      return {
        value: `arn:${partition}:iam::${this.account}:role/${name.value}`,
        placeholder: name.placeholder,
      };
    }
    if (!node && fn.type === 'AWS::Serverless::Function') {
      const generated = this.generatedName(`${fn.id}Role`);
      return { value: `arn:${partition}:iam::${this.account}:role/${generated}`, placeholder: true };
    }
    return { value: undefined, placeholder: true };
  }
}
