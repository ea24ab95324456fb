/**
 * A CDK function's settings as its construct writes them: each from its prop (its own, or a spread
 * props object's), read as the model's value, with the construct's own defaults where the construct
 * (not Lambda) decides (`DockerImageFunction` is an image; `NodejsFunction`'s runtime follows a
 * cdk.json feature flag). `capacityProvider` and `url` are written as calls on the function.
 */
import { unwrap } from '../../code/code-node';
import type { SettingKey, Value } from '../../model/types';
import type { Construct } from './constructs';
import type { CdkFile } from './file';
import type { FunctionLinks } from './links';
import { NODEJS_LATEST, NODEJS_LATEST_FLAG, PROP_NAMES, camelCase } from './names';
import { flagEnabled } from './project';
import type { WrittenProp } from './props';
import { ConstructSite, PropSite, type Rendering, StatementSite } from './sites';
import type { Site } from '../../model/types';
import { SETTING_KINDS, readValue } from './values';
import { cdkName } from './cdk-names';

/** Where a function's effective setting is written, and its value. */
export interface FunctionSetting {
  /** The name as the file writes it (`memorySize`, `memory_size`). */
  name: string;
  value: Value;
  site: Site;
  /** The prop it is written as, when it is one (settings of a spread object are grouped by it). */
  prop: WrittenProp | undefined;
}

const RENDERINGS: Partial<Record<SettingKey, Rendering>> = {
  timeout: 'duration',
  memory: 'number',
  ephemeralStorage: 'size',
  reservedConcurrency: 'number',
};

const IMAGE_CODE = /^aws_lambda\.(?:DockerImageCode\.\w+|Code\.(?:fromEcrImage|fromAssetImage))$/;

/** The prop that carries a setting on this construct (`architectures` is the deprecated list form). */
function propFor(fn: Construct, key: SettingKey): WrittenProp | undefined {
  const props = fn.props.byName;
  if (key === 'architecture') return props.get('architecture') ?? props.get('architectures');
  if (key === 'deadLetterQueue') {
    const enabled = props.get('deadLetterQueueEnabled');
    return props.get('deadLetterQueue') ?? props.get('deadLetterTopic') ?? enabled;
  }
  return props.get(PROP_NAMES[key]);
}

/** A function's setting; undefined when absent (Lambda's default applies). */
export function functionSetting(
  file: CdkFile,
  fn: Construct,
  links: FunctionLinks,
  key: SettingKey,
): FunctionSetting | undefined {
  const model = file.code;
  const python = model.family === 'python';
  if (key === 'capacityProvider') {
    const call = links.capacityProvider;
    if (!call) return undefined;
    return {
      name: python ? 'add_function' : 'addFunction',
      value: { kind: 'literal', value: call.receiver.constructId ?? call.call.node.text },
      site: new StatementSite(model, call.call.node, true),
      prop: undefined,
    };
  }
  if (key === 'url') {
    const url = links.urls[0];
    if (!url) return undefined;
    return {
      name: python ? 'add_function_url' : 'addFunctionUrl',
      value: { kind: 'literal', value: url.call.text },
      site: new StatementSite(model, url.call, url.removable),
      prop: undefined,
    };
  }
  const prop = propFor(fn, key);
  if (key === 'packageType') return packageType(file, fn, prop);
  const bundled = fn.type === 'aws_lambda_nodejs.NodejsFunction' && !fn.props.byName.has('code');
  if (key === 'handler' && bundled) return bundledHandler(file, fn, prop);
  if (!prop) {
    if (key === 'runtime' && fn.type === 'aws_lambda_nodejs.NodejsFunction' && !fn.props.open) {
      const latest = flagEnabled(file.project, NODEJS_LATEST_FLAG);
      return {
        name: 'runtime',
        value: {
          kind: 'indirect',
          value: latest ? NODEJS_LATEST : 'nodejs16.x',
          via: `NodejsFunction's default (${NODEJS_LATEST_FLAG} ${latest ? 'on' : 'off'} in cdk.json)`,
        },
        site: new ConstructSite(model, fn.call.node, fn.idArg, fn.props.own),
        prop: undefined,
      };
    }
    return undefined;
  }
  if (key === 'deadLetterQueue' && camelCase(prop.name) === 'deadLetterQueueEnabled') {
    // `deadLetterQueueEnabled: true` makes a queue; `false` none.
    if (unwrap(prop.value)?.type !== 'true') return undefined;
  }
  const read = readValue(model, prop.value, SETTING_KINDS[key]);
  let value = read.value;
  if (key === 'architecture' && value.kind !== 'dynamic' && prop.name !== 'architecture') {
    // `architectures: [Architecture.ARM_64]`: the first.
    const first = unwrap(prop.value)?.items[0];
    value = first ? readValue(model, first, 'architecture').value : value;
  }
  if (value.kind !== 'dynamic' && value.value === null) return undefined;
  return {
    name: prop.name,
    value,
    site: new PropSite(model, prop, RENDERINGS[key] ?? 'none', read.literal),
    prop,
  };
}

/**
 * NodejsFunction's handler in the bundle it makes: `index.<export>` (`handler` unless written), or the
 * handler as written when it names a file (has a dot).
 */
function bundledHandler(file: CdkFile, fn: Construct, prop: WrittenProp | undefined): FunctionSetting {
  const model = file.code;
  const read = prop && readValue(model, prop.value, 'string');
  if (read && read.value.kind === 'dynamic')
    return { name: prop.name, value: read.value, site: new PropSite(model, prop, 'none', false), prop };
  const written = read && read.value.kind !== 'dynamic' ? String(read.value.value) : 'handler';
  const value: Value = written.includes('.')
    ? (read?.value ?? { kind: 'literal', value: written })
    : { kind: 'indirect', value: `index.${written}`, via: "NodejsFunction's bundle (index.js)" };
  return {
    name: prop?.name ?? 'handler',
    value,
    site: prop
      ? new PropSite(model, prop, 'none', false)
      : new ConstructSite(model, fn.call.node, fn.idArg, fn.props.own),
    prop,
  };
}

/** `Image` for DockerImageFunction and image code (`DockerImageCode`, `Code.fromEcrImage`); absent for zip code. */
function packageType(
  file: CdkFile,
  fn: Construct,
  code: WrittenProp | undefined,
): FunctionSetting | undefined {
  const model = file.code;
  const image = fn.type === 'aws_lambda.DockerImageFunction';
  if (!image) {
    const expr = unwrap(code?.value);
    const callee =
      expr && (expr.type === 'call_expression' || expr.type === 'call') ? expr.field('function') : undefined;
    const name = cdkName(model, callee);
    if (!code || !name || !IMAGE_CODE.test(name)) return undefined;
  }
  return {
    name: code?.name ?? 'DockerImageFunction',
    value: { kind: 'literal', value: 'Image' },
    site: code
      ? new PropSite(model, code, 'none', false)
      : new ConstructSite(model, fn.call.node, fn.idArg, fn.props.own),
    prop: code,
  };
}
