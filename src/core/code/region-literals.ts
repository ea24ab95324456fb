/**
 * The code half of resilience/no-hardcoded-region: regions written into SDK client constructors
 * (`new S3Client({ region: 'eu-west-1' })`, `new AWS.S3({ region })`, `AWS.config.update(...)`,
 * boto3 `region_name='eu-west-1'`) and regions inside ARN string literals. Constructors get a safe
 * fix: the region Lambda runs in (`process.env.AWS_REGION`, `os.environ["AWS_REGION"]`).
 */
import { type CodeNode, unwrap } from './code-node';
import type { CallSite, CodeModel } from './model';
import { calleeOrigin } from './resolve';
import { nextLineStart, objectProperty } from './rule-support';
import { constructionOf, dottedName, keywordArgument, mayCall } from './sdk';
import { stringValue } from './values';
import type { CodeRuleContext, FixSpec } from '../rules/types';
import type { SyntaxNode } from './syntax';

const REGION = /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d$/;
const ARN_REGION = /arn:aws(?:-[a-z]+)*:[a-z0-9-]+:((?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d):/g;
const PYTHON_CONFIGS = new Set(['boto3.Session', 'boto3.session.Session', 'botocore.config.Config']);

export function checkRegionLiterals(context: CodeRuleContext): void {
  const { model } = context;
  for (const call of model.calls) {
    const found = regionArgument(model, call);
    if (!found) continue;
    context.report({
      messageId: 'clientRegion',
      data: { client: found.client, region: found.region },
      start: found.value.start,
      end: found.value.end,
      fixes: environmentRegionFix(model, found.value),
    });
  }
  for (const string of model.strings) reportArnRegions(context, string);
}

interface RegionArgument {
  client: string;
  region: string;
  value: CodeNode;
}

const CONFIG_MEMBERS = new Set(['update', 'Session', 'Config']);

/** The literal region a client constructor (or SDK configuration) is given. */
function regionArgument(model: CodeModel, call: CallSite): RegionArgument | undefined {
  if (!call.isNew && !mayCall(call, CONFIG_MEMBERS) && !constructionOf(model, call)) return undefined;
  let value: CodeNode | undefined;
  let client: string | undefined;
  if (model.family === 'python') {
    const construction = constructionOf(model, call);
    const name = dottedName(calleeOrigin(model, call));
    if (construction?.kind === 'client' || (name && PYTHON_CONFIGS.has(name))) {
      value = keywordArgument(call.args, 'region_name');
      client = construction?.label ?? name;
    }
  } else {
    const construction = constructionOf(model, call);
    const name = dottedName(calleeOrigin(model, call));
    if (construction?.kind === 'client' || name === 'aws-sdk.config.update') {
      value = objectProperty(call.args[0], 'region')?.field('value');
      client = construction?.label ?? 'AWS.config';
    }
  }
  const region = value && unwrap(value)?.type === 'string' ? stringValue(model, value) : undefined;
  if (!value || !client || region === undefined || !REGION.test(region)) return undefined;
  return { client, region, value };
}

function environmentRegionFix(model: CodeModel, value: CodeNode): FixSpec[] {
  const title = 'Use the region the function runs in (AWS_REGION)';
  if (model.family === 'node')
    return [
      {
        title,
        safety: 'safe',
        edits: () => [{ start: value.start, end: value.end, newText: 'process.env.AWS_REGION' }],
      },
    ];
  const quote = value.text.endsWith("'") ? "'" : '"';
  const edits = [{ start: value.start, end: value.end, newText: `os.environ[${quote}AWS_REGION${quote}]` }];
  const os = model.moduleScope.bindings.get('os');
  if (!os) {
    const at = importInsertionPoint(model);
    edits.unshift({ start: at, end: at, newText: 'import os\n' });
  } else if (os.import?.module !== 'os') return []; // `os` is something else here
  return [{ title, safety: 'safe', edits: () => edits }];
}

/** After the last top-level import, or after the module docstring, or at the top. */
function importInsertionPoint(model: CodeModel): number {
  const statements = model.root.items;
  const imports = statements.filter(
    (s) =>
      s.type === 'import_statement' ||
      s.type === 'import_from_statement' ||
      s.type === 'future_import_statement',
  );
  if (imports.length > 0) return nextLineStart(model.text, imports[imports.length - 1].end);
  const first = statements[0];
  if (first?.type === 'expression_statement' && first.items[0]?.type === 'string')
    return nextLineStart(model.text, first.end);
  return 0;
}

/** Regions found in each string literal (offsets from its start): strings rarely change between keystrokes. */
const arnRegions = new WeakMap<SyntaxNode, { offset: number; region: string }[]>();

/** Regions in ARNs written in strings, found in the literal text of each fragment (escapes are separate nodes). */
function reportArnRegions(context: CodeRuleContext, string: CodeNode): void {
  let found = arnRegions.get(string.syntax);
  if (!found) {
    found = [];
    for (const part of string.items) {
      if (part.type !== 'string_fragment' && part.type !== 'string_content') continue;
      const text = part.text;
      if (!text.includes('arn:')) continue;
      for (const match of text.matchAll(ARN_REGION))
        found.push({
          offset: part.start - string.start + match.index + match[0].length - match[1].length - 1,
          region: match[1],
        });
    }
    arnRegions.set(string.syntax, found);
  }
  for (const { offset, region } of found) {
    const start = string.start + offset;
    context.report({ messageId: 'codeArn', data: { region }, start, end: start + region.length });
  }
}
