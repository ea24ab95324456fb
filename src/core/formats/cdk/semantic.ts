/**
 * The CDK adapter's semantic model of one source file: the Lambda functions it constructs (ids:
 * their construct paths), each setting where it is written (a prop of a props object that several
 * functions spread is one setting naming each, `inheritedFrom` the object's name), function URLs,
 * capacity providers, and the file's string literals for the rules that read what is written.
 */
import { keepShape } from '../../keep-shape';
import type {
  FormatInfo,
  FunctionUrl,
  InvalidEntry,
  LambdaFunction,
  Machine,
  SemanticModel,
  Setting,
  SettingKey,
  WrittenPart,
} from '../../model/types';
import type { CodeNode } from '../../code/code-node';
import { CdkFunctionView } from './function-view';
import type { CdkFile } from './file';
import { type FunctionLinks, linkFunctions } from './links';
import type { Construct } from './constructs';
import { CDK_PYTHON, CDK_TYPESCRIPT } from './names';
import { PropSite } from './sites';
import { readValue } from './values';
import { codeParts } from './written';

const NO_ENTRIES: readonly InvalidEntry[] = Object.freeze([]);

export class CdkSemantics implements SemanticModel {
  declare readonly format: FormatInfo;
  declare readonly functions: readonly CdkFunctionView[];
  declare readonly invalidEntries: readonly InvalidEntry[];
  declare private readonly byKey: Map<SettingKey, Setting[]>;
  declare private parts: readonly WrittenPart[] | undefined;

  /** The model of an analysed file. */
  static of(file: CdkFile): CdkSemantics {
    return new CdkSemantics(file, linkFunctions(file));
  }

  constructor(
    readonly file: CdkFile,
    links: Map<Construct, FunctionLinks>,
  ) {
    this.format = file.code.family === 'python' ? CDK_PYTHON : CDK_TYPESCRIPT;
    this.invalidEntries = NO_ENTRIES;
    this.byKey = new Map();
    this.parts = undefined;
    const functions: CdkFunctionView[] = [];
    for (const [construct, linked] of links) functions.push(new CdkFunctionView(file, construct, linked));
    this.functions = functions;
  }

  get path(): string {
    return this.file.path;
  }

  get text(): string {
    return this.file.text;
  }

  settings(key: SettingKey): readonly Setting[] {
    let found = this.byKey.get(key);
    if (found) return found;
    found = [];
    // A prop of a shared props object is one setting, naming every function that spreads it.
    const shared = new Map<CodeNode, Setting & { functions: LambdaFunction[] }>();
    for (const fn of this.functions) {
      const written = fn.written(key);
      if (!written) continue;
      const node = written.prop?.from !== undefined ? written.prop.node : undefined;
      const group = node && shared.get(node);
      if (group) {
        group.functions.push(fn);
        continue;
      }
      const setting = { key, name: written.name, value: written.value, site: written.site, functions: [fn] };
      if (node) shared.set(node, setting);
      found.push(setting);
    }
    this.byKey.set(key, found);
    return found;
  }

  urls(): readonly FunctionUrl[] {
    const urls: FunctionUrl[] = [];
    const model = this.file.code;
    for (const fn of this.functions) {
      for (const url of fn.urlLinks) {
        const prop = url.props.byName.get('authType');
        // The CDK's default is AWS_IAM: a URL without authType is not public.
        const read = prop && readValue(model, prop.value, 'enum');
        urls.push({
          auth:
            prop && read
              ? { value: read.value, site: new PropSite(model, prop, 'enum', read.literal) }
              : undefined,
          functions: [fn],
          target: fn.id,
        });
      }
    }
    return urls;
  }

  machines(): readonly Machine[] {
    const machines: Machine[] = [];
    for (const c of this.file.constructs.constructs) {
      if (c.kind !== 'capacityProvider') continue;
      machines.push({
        id: this.file.idOf(c),
        kind: 'capacityProvider',
        type: this.format === CDK_PYTHON ? 'lambda_.CapacityProvider' : 'lambda.CapacityProvider',
        span: this.file.span(c.call.node),
        functions: this.functions.filter((fn) => fn.capacityProviderCall?.receiver === c),
      });
    }
    return machines;
  }

  writtenParts(): readonly WrittenPart[] {
    return (this.parts ??= codeParts(this.file));
  }
}
keepShape(new CdkSemantics({ code: { family: 'node' } } as never, new Map()));
