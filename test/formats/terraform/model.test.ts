/**
 * The Terraform adapter's model, with exact expectations per resource and per module input: values
 * (literal, indirect through variables, .tfvars and locals, dynamic with the reason), sites, links,
 * count/for_each instances, the registry module per major version, and parse problems.
 */
import { describe, expect, it } from 'vitest';
import { initHclParser } from '../../../src/core/formats/terraform';
import type { SettingKey } from '../../../src/core/model/types';
import { terraformFixture, terraformTexts } from '../../helpers/terraform-fixture';

await initHclParser();

type Model = ReturnType<typeof terraformFixture>['model'];

function fn(model: Model, id: string) {
  const found = model.functions.find((f) => f.id === id);
  if (!found) throw new Error(`no function ${id} in ${model.functions.map((f) => f.id).join(', ')}`);
  return found;
}

const KEYS: SettingKey[] = [
  'functionName',
  'runtime',
  'handler',
  'timeout',
  'memory',
  'ephemeralStorage',
  'architecture',
  'vpc',
  'fileSystems',
  'packageType',
  'layers',
  'reservedConcurrency',
  'capacityProvider',
  'durableConfig',
  'deadLetterQueue',
];

/** Every setting a function has, by key. */
function values(model: Model, id: string) {
  const f = fn(model, id);
  return Object.fromEntries(KEYS.flatMap((k) => (f.value(k) ? [[k, f.value(k)]] : [])));
}

describe('resources (orders)', () => {
  const { folder, model } = terraformFixture('orders');
  const at = (span: { start: number; end: number }) => folder.text.slice(span.start, span.end);

  it('reads every file of the folder, without problems', () => {
    expect(folder.problems).toEqual([]);
    expect(folder.files.map((f) => f.path.replace(/^.*\//, ''))).toEqual([
      'main.tf',
      'queue.tf',
      'schedule.tf',
      'variables.tf',
    ]);
    expect(model.functions.map((f) => f.id)).toEqual([
      'aws_lambda_function.worker',
      'aws_lambda_function.api',
    ]);
    expect(model.format.defaults).toEqual({ timeout: 3, memory: 128, appliedBy: 'Lambda' });
    expect(model.format.nameOf('vpc')).toBe('vpc_config');
  });

  it('aws_lambda_function.worker: literals, a variable default, blocks, a variable without a value', () => {
    expect(values(model, 'aws_lambda_function.worker')).toEqual({
      functionName: { kind: 'indirect', value: 'orders-prod-worker', via: 'var.env (terraform.tfvars)' },
      runtime: { kind: 'literal', value: 'python3.12' },
      handler: { kind: 'literal', value: 'app.handler' },
      timeout: { kind: 'indirect', value: 30, via: 'var.worker_timeout' },
      memory: { kind: 'literal', value: 4096 },
      ephemeralStorage: { kind: 'literal', value: 4096 },
      vpc: {
        kind: 'dynamic',
        reason: 'var.subnet_ids has no default: it is set when Terraform runs (-var, TF_VAR_subnet_ids)',
      },
    });
    const worker = fn(model, 'aws_lambda_function.worker');
    expect(worker.codeFolder).toBe('src/worker');
    expect(at(worker.site.span)).toBe('resource "aws_lambda_function" "worker"');
    expect(at(worker.setting('vpc')!.site.span)).toBe('vpc_config');
    expect(at(worker.setting('memory')!.site.span)).toBe('memory_size      = 4096');
  });

  it('aws_lambda_function.api: terraform.tfvars over a default, a local, a dynamic block', () => {
    expect(values(model, 'aws_lambda_function.api')).toEqual({
      functionName: { kind: 'indirect', value: 'orders-prod-api', via: 'var.env (terraform.tfvars)' },
      runtime: { kind: 'literal', value: 'nodejs20.x' },
      handler: { kind: 'literal', value: 'index.handler' },
      timeout: { kind: 'indirect', value: 60, via: 'var.env (terraform.tfvars)' },
      memory: { kind: 'indirect', value: 1024, via: 'local.api_memory' },
      vpc: {
        kind: 'dynamic',
        reason: 'var.subnet_ids has no default: it is set when Terraform runs (-var, TF_VAR_subnet_ids)',
      },
    });
    const api = fn(model, 'aws_lambda_function.api');
    expect(at(api.setting('vpc')!.site.span)).toBe('dynamic "vpc_config"');
    expect(api.codeFolder).toBeUndefined(); // a built zip
  });

  it('provisioned concurrency through an alias; its removal takes the resource', () => {
    const [pc] = fn(model, 'aws_lambda_function.worker').provisioned;
    expect(pc.executions).toEqual({ kind: 'literal', value: 2 });
    expect(at(pc.site.span)).toBe('provisioned_concurrent_executions = 2');
    const [edit] = pc.site.remove()!;
    expect(folder.text.slice(edit.start, edit.end)).toMatch(
      /^resource "aws_lambda_provisioned_concurrency_config" "live" \{[^]*\n\}\n$/,
    );
  });

  it('event source mappings: queues linked by reference and through the alias, batching window', () => {
    const mappings = fn(model, 'aws_lambda_function.worker').eventSourceMappings;
    expect(
      mappings.map((m) => [m.kind, m.queue?.id, m.batchingWindow, m.hasOnFailure, m.retriesLimited]),
    ).toEqual([
      ['sqs', 'aws_sqs_queue.jobs', 5, false, false],
      ['sqs', 'aws_sqs_queue.inbox', 0, false, false],
    ]);
    const [jobs, inbox] = mappings.map((m) => m.queue!);
    expect(jobs.visibilityTimeout!.value).toEqual({ kind: 'literal', value: 30 });
    expect(inbox.visibilityTimeout).toBeUndefined();
    expect(inbox.defaultVisibilityTimeout).toBe(30);
    expect(jobs.hasDeadLetterQueue).toBe(false);
  });

  it('schedules: an EventBridge rule with its target input, a Scheduler schedule; invokers; failure destination', () => {
    const api = fn(model, 'aws_lambda_function.api');
    expect(api.schedules.map((s) => [s.expression, s.labels, s.inputText(/warm/)])).toEqual([
      [
        { kind: 'literal', value: 'rate(5 minutes)' },
        ['warmer', 'orders-prod-keep-warm', 'Keeps the API warm'],
        '{"warmer":true}',
      ],
    ]);
    expect(api.asyncInvokers).toEqual(['aws_cloudwatch_event_rule.warmer']);
    expect(api.hasAsyncFailureDestination).toBe(false);
    const worker = fn(model, 'aws_lambda_function.worker');
    expect(worker.schedules.map((s) => [s.expression, s.labels, s.inputText(/report/)])).toEqual([
      [{ kind: 'literal', value: 'cron(0 2 * * ? *)' }, ['nightly', 'nightly-report'], '{"report":"daily"}'],
    ]);
    expect(worker.asyncInvokers).toEqual(['aws_scheduler_schedule.nightly']);
    expect(worker.hasAsyncFailureDestination).toBe(true);
  });

  it('function URLs: authorization_type', () => {
    expect(
      model.urls().map((u) => [u.auth?.value, u.functions.map((f) => f.id), at(u.auth!.site.span)]),
    ).toEqual([
      [{ kind: 'literal', value: 'NONE' }, ['aws_lambda_function.api'], 'authorization_type = "NONE"'],
    ]);
  });
});

describe('the registry module, per major version (module-majors)', () => {
  const { folder, model } = terraformFixture('module-majors');
  const at = (span: { start: number; end: number }) => folder.text.slice(span.start, span.end);

  it('makes no function with create = false or create_layer = true', () => {
    expect(model.functions.map((f) => f.id)).toEqual([
      'module.legacy',
      'module.api_handler',
      'module.efs_half',
      'module.managed',
      'module.from_git',
    ]);
  });

  it('~> 2.0: architectures are read; ephemeral storage and URLs are not inputs of that major', () => {
    expect(values(model, 'module.legacy')).toEqual({
      functionName: { kind: 'literal', value: 'legacy' },
      runtime: { kind: 'literal', value: 'python3.9' },
      handler: { kind: 'literal', value: 'index.lambda_handler' },
      architecture: { kind: 'literal', value: 'arm64' },
    });
    expect(fn(model, 'module.legacy').codeFolder).toBe('src/legacy');
    expect(model.urls().map((u) => u.target)).not.toContain('module.legacy');
  });

  it('~> 4.0: VPC from both id inputs (on the first), -1 is off, provisioned, mappings, triggers, the default URL auth', () => {
    expect(values(model, 'module.api_handler')).toEqual({
      functionName: { kind: 'literal', value: 'api-handler' },
      runtime: { kind: 'literal', value: 'nodejs20.x' },
      handler: { kind: 'literal', value: 'index.handler' },
      memory: { kind: 'literal', value: 4096 },
      vpc: { kind: 'literal', value: { subnet_ids: ['subnet-1', 'subnet-2'], security_group_ids: ['sg-1'] } },
    });
    const api = fn(model, 'module.api_handler');
    const vpc = api.setting('vpc')!;
    expect(vpc.name).toBe('vpc_subnet_ids');
    expect(vpc.site.remove()!.map((e) => folder.text.slice(e.start, e.end).trim())).toEqual([
      'vpc_subnet_ids         = ["subnet-1", "subnet-2"]',
      'vpc_security_group_ids = ["sg-1"]',
    ]);
    expect(api.codeFolder).toBe('../shared/api');
    expect(api.provisioned.map((p) => [p.executions, at(p.site.span)])).toEqual([
      [{ kind: 'literal', value: 5 }, 'provisioned_concurrent_executions = 5'],
    ]);
    expect(api.eventSourceMappings.map((m) => [m.kind, m.queue?.id, at(m.span)])).toEqual([
      ['sqs', 'aws_sqs_queue.jobs', 'sqs'],
    ]);
    expect(api.asyncInvokers).toEqual(['allowed_triggers.ScheduledRule (events)']);
    const url = model.urls().find((u) => u.target === 'module.api_handler')!;
    expect(url.auth!.value).toEqual({
      kind: 'indirect',
      value: 'NONE',
      via: "authorization_type (the module's default)",
    });
    expect(at(url.auth!.site.span)).toBe('create_lambda_function_url = true');
    const [insert] = url.auth!.site.setValue('AWS_IAM')!;
    expect(insert.newText).toBe('  authorization_type = "AWS_IAM"\n');
  });

  it('7.20.0: EFS needs both inputs; reserved 0; a failure destination with async config', () => {
    expect(values(model, 'module.efs_half')).toEqual({
      functionName: { kind: 'literal', value: 'efs-half' },
      runtime: { kind: 'literal', value: 'nodejs20.x' },
      handler: { kind: 'literal', value: 'index.handler' },
      timeout: { kind: 'literal', value: 20 },
      memory: { kind: 'literal', value: 256 },
      reservedConcurrency: { kind: 'literal', value: 0 },
    });
    expect(fn(model, 'module.efs_half').hasAsyncFailureDestination).toBe(true);
  });

  it('>= 8.8: Managed Instances capacity provider, the machine it names, URL with IAM auth', () => {
    const managed = fn(model, 'module.managed');
    expect(managed.value('capacityProvider')).toEqual({
      kind: 'dynamic',
      reason: 'aws_lambda_capacity_provider.fleet.arn is known after apply',
    });
    expect(model.machines().map((m) => [m.id, m.type, m.functions.map((f) => f.id)])).toEqual([
      ['aws_lambda_capacity_provider.fleet', 'aws_lambda_capacity_provider', ['module.managed']],
    ]);
    expect(model.urls().find((u) => u.target === 'module.managed')!.auth!.value).toEqual({
      kind: 'literal',
      value: 'AWS_IAM',
    });
  });

  it('a git source pins its major by ref', () => {
    expect(values(model, 'module.from_git').timeout).toEqual({ kind: 'literal', value: 120 });
  });
});

describe('count and for_each (instances)', () => {
  const { folder, model } = terraformFixture('instances');

  it('gives each instance its address; count 0 gives none', () => {
    expect(model.functions.map((f) => f.id)).toEqual([
      'aws_lambda_function.fn["ocr"]',
      'aws_lambda_function.fn["resize"]',
      'aws_lambda_function.fn["thumb"]',
      'aws_lambda_function.replica[0]',
      'aws_lambda_function.replica[1]',
    ]);
  });

  it('evaluates each.* and count.index per instance; one setting per site and value', () => {
    expect(values(model, 'aws_lambda_function.fn["ocr"]').memory).toEqual({
      kind: 'indirect',
      value: 4096,
      via: 'var.functions',
    });
    expect(values(model, 'aws_lambda_function.replica[1]').timeout).toEqual({
      kind: 'indirect',
      value: 15,
      via: 'var.replicas',
    });
    expect(
      model
        .settings('memory')
        .map((s) => [
          s.value,
          s.functions.map((f) => f.id),
          folder.text.slice(s.site.span.start, s.site.span.end),
        ]),
    ).toEqual([
      [
        { kind: 'indirect', value: 4096, via: 'var.functions' },
        ['aws_lambda_function.fn["ocr"]'],
        'memory_size   = each.value.memory',
      ],
      [
        { kind: 'indirect', value: 1024, via: 'var.functions' },
        ['aws_lambda_function.fn["resize"]', 'aws_lambda_function.fn["thumb"]'],
        'memory_size   = each.value.memory',
      ],
      [
        { kind: 'literal', value: 256 },
        ['aws_lambda_function.replica[0]', 'aws_lambda_function.replica[1]'],
        'memory_size   = 256',
      ],
    ]);
  });

  it('links one instance by its key; provisioned pollers; a literal ARN gives the kind', () => {
    const [mapping] = fn(model, 'aws_lambda_function.fn["ocr"]').eventSourceMappings;
    expect([mapping.kind, mapping.queue, mapping.provisionedPollers !== undefined]).toEqual([
      'kinesis',
      null,
      true,
    ]);
    expect(fn(model, 'aws_lambda_function.fn["resize"]').eventSourceMappings).toEqual([]);
  });

  it('a count or for_each that is not known gives one function with the reason in each value', () => {
    const { model } = terraformTexts({
      'main.tf':
        'variable "names" {}\nresource "aws_lambda_function" "f" {\n  for_each    = var.names\n  function_name = each.key\n  memory_size = 256\n}\n',
    });
    expect(model.functions.map((f) => [f.id, f.value('memory')])).toEqual([
      ['aws_lambda_function.f', { kind: 'literal', value: 256 }],
    ]);
  });
});

describe('evaluation', () => {
  const memory = (text: string, vars: Record<string, string> = {}) =>
    terraformTexts(
      { 'main.tf': `resource "aws_lambda_function" "f" {\n  memory_size = ${text}\n}\n`, 'vars.tf': VARS },
      vars,
    ).model.functions[0].value('memory');
  const VARS =
    'variable "m" {\n  default = 512\n}\nvariable "big" {\n  default = false\n}\nvariable "open" {}\nlocals {\n  sizes = { small = 256, large = 2048 }\n  loop = local.loop\n}\n';

  it('arithmetic, conditionals, functions, lookups, templates', () => {
    expect(memory('var.m * 2')).toEqual({ kind: 'indirect', value: 1024, via: 'var.m' });
    expect(memory('var.big ? 4096 : 1024')).toEqual({ kind: 'indirect', value: 1024, via: 'var.big' });
    expect(memory('min(var.m, 300)')).toEqual({ kind: 'indirect', value: 300, via: 'var.m' });
    expect(memory('lookup(local.sizes, "large", 128)')).toEqual({
      kind: 'indirect',
      value: 2048,
      via: 'local.sizes',
    });
    expect(memory('local.sizes["small"]')).toEqual({ kind: 'indirect', value: 256, via: 'local.sizes' });
    expect(memory('tonumber("${var.m}")')).toEqual({ kind: 'indirect', value: 512, via: 'var.m' });
    expect(memory('[for s in values(local.sizes) : s if s > 300][0]')).toEqual({
      kind: 'indirect',
      value: 2048,
      via: 'local.sizes',
    });
    expect(memory('try(local.sizes.huge, 640)')).toEqual({ kind: 'literal', value: 640 });
  });

  it('.auto.tfvars override terraform.tfvars, which overrides the default', () => {
    expect(memory('var.m', { 'terraform.tfvars': 'm = 700\n' })).toEqual({
      kind: 'indirect',
      value: 700,
      via: 'var.m (terraform.tfvars)',
    });
    expect(
      memory('var.m', {
        'terraform.tfvars': 'm = 700\n',
        'b.auto.tfvars': 'm = 900\n',
        'a.auto.tfvars': 'm = 800\n',
      }),
    ).toEqual({
      kind: 'indirect',
      value: 900,
      via: 'var.m (b.auto.tfvars)',
    });
  });

  it('what Terraform decides later is dynamic, with the reason', () => {
    expect(memory('var.open')).toEqual({
      kind: 'dynamic',
      reason: 'var.open has no default: it is set when Terraform runs (-var, TF_VAR_open)',
    });
    expect(memory('data.aws_ssm_parameter.m.value')).toEqual({
      kind: 'dynamic',
      reason: 'data.aws_ssm_parameter.m is read when Terraform plans',
    });
    expect(memory('local.loop')).toEqual({ kind: 'dynamic', reason: 'local.loop refers to itself' });
    expect(memory('filesize("x")')).toEqual({
      kind: 'dynamic',
      reason: 'filesize() is not evaluated by Ownless',
    });
  });
});

describe('VPC ids written as lists', () => {
  it('attach the function though the ids are known after apply (resource and module)', () => {
    const { model } = terraformTexts({
      'main.tf':
        'resource "aws_lambda_function" "f" {\n  vpc_config {\n    subnet_ids         = [aws_subnet.a.id]\n    security_group_ids = [aws_security_group.g.id]\n  }\n}\n' +
        'module "m" {\n  source                 = "terraform-aws-modules/lambda/aws"\n  vpc_subnet_ids         = module.vpc.private_subnets\n  vpc_security_group_ids = [aws_security_group.g.id]\n}\n' +
        'module "n" {\n  source                 = "terraform-aws-modules/lambda/aws"\n  vpc_subnet_ids         = [aws_subnet.a.id]\n  vpc_security_group_ids = [aws_security_group.g.id]\n}\n',
    });
    expect(model.functions.map((f) => [f.id, f.value('vpc')])).toEqual([
      [
        'aws_lambda_function.f',
        {
          kind: 'literal',
          value: { subnet_ids: ['${aws_subnet.a.id}'], security_group_ids: ['${aws_security_group.g.id}'] },
        },
      ],
      ['module.m', { kind: 'dynamic', reason: 'module.vpc.private_subnets is an output of a module call' }],
      [
        'module.n',
        {
          kind: 'literal',
          value: { subnet_ids: ['${aws_subnet.a.id}'], security_group_ids: ['${aws_security_group.g.id}'] },
        },
      ],
    ]);
  });
});

describe('parse problems', () => {
  it('a syntax error is a located problem; the function holding it is incomplete, the others are read', () => {
    const { folder, model } = terraformTexts({
      'a.tf': 'resource "aws_lambda_function" "broken" {\n  memory_size = \n  timeout = 5\n}\n',
      'b.tf': 'resource "aws_lambda_function" "fine" {\n  memory_size = 256\n}\n',
    });
    expect(folder.problems.length).toBeGreaterThan(0);
    expect(folder.fileAt(folder.problems[0].start)!.path).toBe('/project/a.tf');
    expect(model.functions.map((f) => [f.id, f.incomplete])).toEqual([
      ['aws_lambda_function.broken', true],
      ['aws_lambda_function.fine', false],
    ]);
    expect(model.functions[1].value('memory')).toEqual({ kind: 'literal', value: 256 });
    const fine = model.functions[1].setting('memory')!.site.span;
    expect(folder.fileAt(fine.start)!.path).toBe('/project/b.tf');
  });
});
