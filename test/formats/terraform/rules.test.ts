/**
 * The rules, unchanged, over Terraform models: the expected findings of each fixture folder, fixes
 * that edit HCL in place (the result parses, and re-linting drops the finding), and suppressions
 * (`# ownless-ignore` or `//` above an argument or a block, never inside a string).
 */
import { describe, expect, it } from 'vitest';
import {
  fileDirectives,
  findingsByFile,
  folderFile,
  folderLineDirectives,
  initHclParser,
} from '../../../src/core/formats/terraform';
import { applyFixes } from '../../../src/core/fix/apply';
import { LineIndex } from '../../../src/core/parse/ast';
import { RULES_BY_ID } from '../../../src/core/rules';
import { applyLineDirectives } from '../../../src/core/suppressions';
import type { Finding } from '../../../src/core/rules/types';
import { lintModel } from '../../helpers/lint-model';
import { terraformFixture, terraformTexts } from '../../helpers/terraform-fixture';

await initHclParser();

const KNOWN = new Set(RULES_BY_ID.keys());
const summary = (findings: Finding[]) => findings.map((f) => [f.ruleId, f.messageId, f.functions.join(' ')]);

function lintTexts(files: Record<string, string>, only?: string[]) {
  const { folder, model } = terraformTexts(files);
  return { folder, findings: lintModel(model, new LineIndex(folder.text), { only }) };
}

describe('the fixtures, every rule of the recommended profile', () => {
  it('orders (plain resources)', () => {
    const { folder, model } = terraformFixture('orders');
    expect(summary(lintModel(model, new LineIndex(folder.text)))).toEqual([
      ['network/no-vpc', 'vpcDynamic', 'aws_lambda_function.worker'],
      ['network/no-vpc', 'vpcDynamic', 'aws_lambda_function.api'],
      ['network/no-public-url', 'public', 'aws_lambda_function.api'],
      ['storage/ephemeral-budget', 'over', 'aws_lambda_function.worker'],
      ['provisioning/no-provisioned-concurrency', 'provisioned', 'aws_lambda_function.worker'],
      ['idle/no-keep-warm', 'keepWarm', 'aws_lambda_function.api'],
      ['limits/memory-budget', 'over', 'aws_lambda_function.worker'],
      ['resilience/async-failure-destination', 'missing', 'aws_lambda_function.api'],
      ['resilience/stream-failure-destination', 'sqs', 'aws_lambda_function.worker'],
      ['resilience/stream-failure-destination', 'sqs', 'aws_lambda_function.worker'],
      ['resilience/queue-visibility', 'shortWithWindow', 'aws_lambda_function.worker'],
      ['resilience/queue-visibility', 'short', 'aws_lambda_function.worker'],
      ['resilience/no-hardcoded-region', 'arn', ''],
    ]);
  });

  it('module-majors (the registry module): findings sit on the inputs that cause them', () => {
    const { folder, model } = terraformFixture('module-majors');
    const findings = lintModel(model, new LineIndex(folder.text));
    expect(summary(findings)).toEqual([
      ['network/no-vpc', 'vpc', 'module.api_handler'],
      ['network/no-public-url', 'public', 'module.api_handler'],
      ['nomachines/no-managed-instances', 'capacityConfig', 'module.managed'],
      ['nomachines/no-managed-instances', 'capacityProvider', 'module.managed'],
      ['provisioning/no-provisioned-concurrency', 'provisioned', 'module.api_handler'],
      ['scaling/reserved-concurrency', 'zero', 'module.efs_half'],
      ['limits/timeout-budget', 'over', 'module.from_git'],
      ['limits/memory-budget', 'over', 'module.api_handler'],
      ['limits/explicit-limits', 'missing', 'module.legacy'],
      ['limits/explicit-limits', 'missing', 'module.api_handler'],
      ['resilience/async-failure-destination', 'missing', 'module.api_handler'],
      ['resilience/stream-failure-destination', 'sqs', 'module.api_handler'],
      ['resilience/no-hardcoded-region', 'arn', ''],
      ['resilience/no-hardcoded-region', 'arn', ''],
    ]);
    const line = (id: string, messageId: string) =>
      folder.text
        .split('\n')
        [findings.find((f) => f.ruleId === id && f.messageId === messageId)!.range.start.line].trim();
    expect(line('network/no-vpc', 'vpc')).toBe('vpc_subnet_ids         = ["subnet-1", "subnet-2"]');
    expect(line('network/no-public-url', 'public')).toBe('create_lambda_function_url = true');
    expect(line('scaling/reserved-concurrency', 'zero')).toBe('reserved_concurrent_executions = 0');
    expect(line('provisioning/no-provisioned-concurrency', 'provisioned')).toBe(
      'provisioned_concurrent_executions = 5',
    );
  });

  it('instances (count, for_each): one finding per instance value', () => {
    const { folder, model } = terraformFixture('instances');
    expect(summary(lintModel(model, new LineIndex(folder.text)))).toEqual([
      ['provisioning/no-provisioned-pollers', 'provisioned', 'aws_lambda_function.fn["ocr"]'],
      ['limits/timeout-budget', 'over', 'aws_lambda_function.fn["ocr"]'],
      ['limits/memory-budget', 'over', 'aws_lambda_function.fn["ocr"]'],
      ['resilience/stream-failure-destination', 'stream', 'aws_lambda_function.fn["ocr"]'],
      ['resilience/no-hardcoded-region', 'arn', ''],
    ]);
  });
});

describe('fixes edit HCL in place', () => {
  const fix = (files: Record<string, string>, rule: string) => {
    const { folder, findings } = lintTexts(files, [rule]);
    const fixed = applyFixes(folder.text, findings, () => true).text;
    return { before: folder.text, findings, fixed };
  };
  const relint = (text: string, rule: string) => {
    const { folder, findings } = lintTexts({ 'main.tf': text }, [rule]);
    expect(folder.problems).toEqual([]);
    return findings;
  };

  it('removes a vpc_config block, keeping comments and the rest', () => {
    const text =
      'resource "aws_lambda_function" "f" {\n  memory_size = 256 # sized\n\n  # the network\n  vpc_config {\n    subnet_ids         = ["s"]\n    security_group_ids = ["g"]\n  }\n}\n';
    const { fixed } = fix({ 'main.tf': text }, 'network/no-vpc');
    expect(fixed).toBe(
      'resource "aws_lambda_function" "f" {\n  memory_size = 256 # sized\n\n  # the network\n}\n\n',
    );
    expect(relint(fixed, 'network/no-vpc')).toEqual([]);
  });

  it('sets memory_size where it is a literal, never through a variable', () => {
    const literal = fix(
      { 'main.tf': 'resource "aws_lambda_function" "f" {\n  memory_size = 4096\n  timeout     = 10\n}\n' },
      'limits/memory-budget',
    );
    expect(literal.fixed).toBe(
      'resource "aws_lambda_function" "f" {\n  memory_size = 3008\n  timeout     = 10\n}\n\n',
    );
    expect(relint(literal.fixed, 'limits/memory-budget')).toEqual([]);
    const variable = fix(
      {
        'main.tf':
          'variable "m" {\n  default = 4096\n}\nresource "aws_lambda_function" "f" {\n  memory_size = var.m\n}\n',
      },
      'limits/memory-budget',
    );
    expect(variable.findings.map((f) => f.fixes.length)).toEqual([0]);
  });

  it("inserts Lambda's defaults, aligned as terraform fmt aligns the block", () => {
    const { fixed } = fix(
      {
        'main.tf':
          'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  runtime       = "nodejs20.x"\n\n  environment {\n    variables = {}\n  }\n}\n',
      },
      'limits/explicit-limits',
    );
    expect(fixed).toBe(
      'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  runtime       = "nodejs20.x"\n  timeout       = 3\n  memory_size   = 128\n\n  environment {\n    variables = {}\n  }\n}\n\n',
    );
    expect(relint(fixed, 'limits/explicit-limits')).toEqual([]);
  });

  it('a module URL gets authorization_type beside create_lambda_function_url; the VPC inputs go together', () => {
    const text =
      'module "f" {\n  source  = "terraform-aws-modules/lambda/aws"\n  version = "~> 7.0"\n\n  create_lambda_function_url = true\n  vpc_subnet_ids             = ["s"]\n  vpc_security_group_ids     = ["g"]\n  timeout                    = 3\n  memory_size                = 128\n}\n';
    const url = fix({ 'main.tf': text }, 'network/no-public-url');
    expect(url.fixed).toContain('  create_lambda_function_url = true\n  authorization_type = "AWS_IAM"\n');
    expect(relint(url.fixed, 'network/no-public-url')).toEqual([]);
    const vpc = fix({ 'main.tf': text }, 'network/no-vpc');
    expect(vpc.fixed).not.toMatch(/vpc_/);
    expect(relint(vpc.fixed, 'network/no-vpc')).toEqual([]);
  });
});

describe('suppressions', () => {
  const suppressed = (text: string, rule: string) => {
    const { folder, findings } = lintTexts({ 'main.tf': text }, [rule]);
    const directives = fileDirectives(folder.files[0], KNOWN);
    return { kept: applyLineDirectives(findings, directives), directives };
  };

  it('a directive above an argument or a block suppresses its finding; above a resource, all of it', () => {
    const above = suppressed(
      'resource "aws_lambda_function" "f" {\n  # ownless-ignore limits/memory-budget: image processing needs it\n  memory_size = 4096\n}\n',
      'limits/memory-budget',
    );
    expect(above.kept).toEqual([]);
    expect(above.directives.problems).toEqual([]);
    const resource = suppressed(
      '// ownless-ignore network/no-vpc: reads the database in the VPC\nresource "aws_lambda_function" "f" {\n  timeout = 3\n\n  vpc_config {\n    subnet_ids         = ["s"]\n    security_group_ids = ["g"]\n  }\n}\n',
      'network/no-vpc',
    );
    expect(resource.kept).toEqual([]);
  });

  it('a directive without a reason is reported; one inside a heredoc is no directive', () => {
    const noReason = suppressed(
      'resource "aws_lambda_function" "f" {\n  memory_size = 4096 # ownless-ignore limits/memory-budget\n}\n',
      'limits/memory-budget',
    );
    expect(noReason.kept).toEqual([]);
    expect(noReason.directives.problems.map((p) => p.messageId)).toEqual(['missingReason']);
    const heredoc = suppressed(
      'resource "aws_lambda_function" "f" {\n  description = <<EOT\n# ownless-ignore limits/memory-budget: not a comment\nEOT\n  memory_size = 4096\n}\n',
      'limits/memory-budget',
    );
    expect(heredoc.kept.map((f) => f.ruleId)).toEqual(['limits/memory-budget']);
  });
});

describe('a folder of several files, as the front door gets it', () => {
  it("findings, fixes and directives move into each file's own lines", () => {
    const main = 'resource "aws_lambda_function" "f" {\n  timeout     = 10\n  memory_size = 4096\n}\n';
    const queue =
      '# jobs for f\nresource "aws_sqs_queue" "jobs" {\n  visibility_timeout_seconds = 30\n}\n\nresource "aws_lambda_event_source_mapping" "m" {\n  event_source_arn = aws_sqs_queue.jobs.arn\n  function_name    = aws_lambda_function.f.arn\n}\n';
    const { folder, model } = terraformTexts({ 'queue.tf': queue, 'main.tf': main });
    const file = folderFile(folder, '/project/main.tf');
    const findings = lintModel(model, file.lines, {
      only: ['limits/memory-budget', 'resilience/queue-visibility'],
    });
    const byFile = findingsByFile(folder, file.lines, findings);
    expect([...byFile.keys()]).toEqual(['/project/main.tf', '/project/queue.tf']);
    const [visibility] = byFile.get('/project/queue.tf')!;
    expect([visibility.ruleId, visibility.range.start]).toEqual([
      'resilience/queue-visibility',
      { line: 2, character: 2 },
    ]);
    expect(applyFixes(queue, [visibility], () => true).text).toContain('visibility_timeout_seconds = 60\n');
    const [memory] = byFile.get('/project/main.tf')!;
    expect(memory.range.start).toEqual({ line: 2, character: 2 });
    // A directive in the second file covers its line of the folder.
    const suppressedQueue = queue.replace(
      '# jobs for f',
      '# ownless-ignore resilience/queue-visibility: retried twice by design',
    );
    const again = terraformTexts({ 'queue.tf': suppressedQueue, 'main.tf': main });
    const againFile = folderFile(again.folder, '/project/main.tf');
    const directives = folderLineDirectives(again.folder, againFile.lines, KNOWN);
    const kept = applyLineDirectives(
      lintModel(again.model, againFile.lines, { only: ['resilience/queue-visibility'] }),
      directives,
    );
    expect(kept).toEqual([]);
  });
});
