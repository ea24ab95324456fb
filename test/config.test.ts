/** Configuration: profiles, ownless.yaml parsing and validation, finding the file, and path ignores. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIgnored, parseConfigText, resolveConfig, validateConfig } from '../src/core/config/config';
import { ConfigError, findConfigFile, loadConfigFile } from '../src/core/config/load';
import { lintText } from '../src/core/engine';
import { DEFAULT_LIMITS } from '../src/core/formats/cloudformation/template';
import { RULES } from '../src/core/rules';
import { dedent } from './helpers/rule-tester';

const options = (config: ReturnType<typeof resolveConfig>, id: string) => config.rules.get(id)?.options;
const severity = (config: ReturnType<typeof resolveConfig>, id: string) => config.rules.get(id)?.severity;

describe('profiles', () => {
  it('recommended is the default, and resolves every rule', () => {
    const config = resolveConfig();
    expect(config.profile).toBe('recommended');
    expect([...config.rules.keys()].sort()).toEqual(RULES.map((r) => r.meta.id).sort());
    expect(config.ignore).toEqual([]);
    expect(config.limits).toEqual(DEFAULT_LIMITS);
  });

  it('recommended budgets: 60 s (30 s behind an API), 3008 MB memory, 2048 MB ephemeral storage', () => {
    const config = resolveConfig({}, 'recommended');
    expect(options(config, 'limits/timeout-budget')).toEqual({ budget: 60, apiBudget: 30 });
    expect(options(config, 'limits/memory-budget')).toEqual({ budget: 3008 });
    expect(options(config, 'storage/ephemeral-budget')).toEqual({ budget: 2048 });
  });

  it('strict budgets: 30 s, 1024 MB memory, 512 MB ephemeral storage', () => {
    const config = resolveConfig({}, 'strict');
    expect(options(config, 'limits/timeout-budget')).toEqual({ budget: 30, apiBudget: 30 });
    expect(options(config, 'limits/memory-budget')).toEqual({ budget: 1024 });
    expect(options(config, 'storage/ephemeral-budget')).toEqual({ budget: 512 });
  });

  it('relaxed budgets are Lambda maximums', () => {
    const config = resolveConfig({}, 'relaxed');
    expect(options(config, 'limits/timeout-budget')?.budget).toBe(900);
    expect(options(config, 'limits/memory-budget')?.budget).toBe(10240);
  });

  it('each profile sets its own severities', () => {
    const ids = [
      'network/no-vpc',
      'limits/explicit-limits',
      'resilience/no-hardcoded-region',
      'unit/handler-not-found',
    ];
    const table = (['recommended', 'strict', 'relaxed'] as const).map((p) =>
      ids.map((id) => severity(resolveConfig({}, p), id)),
    );
    expect(table).toEqual([
      ['warning', 'info', 'info', 'error'],
      ['error', 'warning', 'warning', 'error'],
      ['info', 'off', 'off', 'warning'],
    ]);
  });

  it('a profile argument wins over the configured one', () => {
    expect(resolveConfig({ profile: 'strict' }).profile).toBe('strict');
    expect(resolveConfig({ profile: 'strict' }, 'relaxed').profile).toBe('relaxed');
  });

  it('user settings override the profile: severity, and options merged over the defaults', () => {
    const config = resolveConfig({
      profile: 'strict',
      rules: { 'limits/timeout-budget': { options: { budget: 120 } }, 'network/no-vpc': { severity: 'off' } },
      limits: { maxDepth: 50 },
    });
    expect(options(config, 'limits/timeout-budget')).toEqual({ budget: 120, apiBudget: 30 });
    expect(severity(config, 'limits/timeout-budget')).toBe('error');
    expect(severity(config, 'network/no-vpc')).toBe('off');
    expect(config.limits).toEqual({ ...DEFAULT_LIMITS, maxDepth: 50 });
  });

  it('resolving twice gives independent option objects', () => {
    const a = resolveConfig();
    a.rules.get('limits/memory-budget')!.options.budget = 1;
    expect(options(resolveConfig(), 'limits/memory-budget')?.budget).toBe(3008);
  });

  it('the profile changes what the engine reports', () => {
    const template = dedent(`
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties: { Handler: index.handler, Timeout: 45, MemorySize: 2048 }
    `);
    const report = (profile: 'recommended' | 'strict' | 'relaxed') =>
      lintText(template, 'template.yaml', resolveConfig({}, profile))
        .findings.filter((f) => f.ruleId.startsWith('limits/'))
        .map((f) => `${f.ruleId} ${f.severity}`);
    expect(report('recommended')).toEqual([]);
    expect(report('strict')).toEqual(['limits/timeout-budget error', 'limits/memory-budget error']);
    expect(report('relaxed')).toEqual([]);
  });

  it('a rule turned off reports nothing', () => {
    const template =
      'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: { Timeout: 900, MemorySize: 128 }\n';
    const on = lintText(template, 'template.yaml', resolveConfig());
    const off = lintText(
      template,
      'template.yaml',
      resolveConfig({ rules: { 'limits/timeout-budget': { severity: 'off' } } }),
    );
    expect(on.findings.map((f) => f.ruleId)).toContain('limits/timeout-budget');
    expect(off.findings.map((f) => f.ruleId)).not.toContain('limits/timeout-budget');
  });
});

describe('ownless.yaml', () => {
  it('reads a profile, severity strings, option maps, ignores and limits', () => {
    const { config, errors } = parseConfigText(
      dedent(`
        profile: strict
        rules:
          network/no-vpc: warning
          storage/no-efs: 'off'
          unit/no-monolith: off
          limits/timeout-budget: { severity: error, budget: 120, apiBudget: 20 }
          limits/memory-budget:
            budget: 4096
        ignore:
          - build/**
          - '*.generated.yaml'
        limits:
          maxFileSize: 100000
      `),
    );
    expect(errors).toEqual([]);
    expect(config).toEqual({
      profile: 'strict',
      rules: {
        'network/no-vpc': { severity: 'warning' },
        'storage/no-efs': { severity: 'off' },
        'unit/no-monolith': { severity: 'off' },
        'limits/timeout-budget': { severity: 'error', options: { budget: 120, apiBudget: 20 } },
        'limits/memory-budget': { options: { budget: 4096 } },
      },
      ignore: ['build/**', '*.generated.yaml'],
      limits: { maxFileSize: 100000 },
    });
    const resolved = resolveConfig(config);
    expect(options(resolved, 'limits/memory-budget')).toEqual({ budget: 4096 });
    expect(severity(resolved, 'limits/memory-budget')).toBe('error');
  });

  it('an empty file is an empty configuration', () => {
    expect(parseConfigText('')).toEqual({ config: {}, errors: [] });
    expect(parseConfigText('# nothing yet\n')).toEqual({ config: {}, errors: [] });
  });

  it('reports YAML syntax errors with their line', () => {
    const { errors } = parseConfigText('profile: strict\nignore: [build\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/\(line 2\)$/);
  });

  it('the top level must be a mapping of known settings', () => {
    expect(parseConfigText('- strict\n').errors).toEqual(['the configuration must be a mapping']);
    expect(validateConfig('strict').errors).toEqual(['the configuration must be a mapping']);
    expect(validateConfig(null)).toEqual({ config: {}, errors: [] });
    expect(parseConfigText('profiles: strict\n').errors).toEqual([
      "unknown setting 'profiles' (expected profile, rules, ignore or limits)",
    ]);
  });

  it('rejects a profile that does not exist', () => {
    expect(parseConfigText('profile: lenient\n')).toEqual({
      config: {},
      errors: ["profile must be one of recommended, strict, relaxed, not 'lenient'"],
    });
  });

  it('rejects unknown rules, bad severities, unknown options and non-numeric values', () => {
    const { config, errors } = parseConfigText(
      dedent(`
        rules:
          network/no-vpn: warning
          network/no-vpc: loud
          limits/timeout-budget: { budget: lots, apiBudget: 20, colour: red, severity: 3 }
          network/no-public-url: { budget: 3 }
          storage/no-efs: 5
      `),
    );
    expect(errors).toEqual([
      "unknown rule 'network/no-vpn'",
      "network/no-vpc: severity must be error, warning, info or off, not 'loud'",
      'limits/timeout-budget: option budget must be a number from 1 to 900',
      "limits/timeout-budget: unknown option 'colour' (options: budget, apiBudget)",
      'limits/timeout-budget: severity must be error, warning, info or off',
      "network/no-public-url: unknown option 'budget' (this rule has no options)",
      'storage/no-efs: expected a severity or a mapping of severity and options',
    ]);
    // What is valid is still kept, so one typo does not discard the rest.
    expect(config.rules?.['limits/timeout-budget']).toEqual({ options: { apiBudget: 20 } });
  });

  it('rejects malformed rules, ignore and limits sections', () => {
    expect(parseConfigText('rules: [network/no-vpc]\n').errors).toEqual([
      'rules must be a mapping of rule id to a severity or settings',
    ]);
    expect(parseConfigText('ignore: build/**\n').errors).toEqual(['ignore must be a list of path patterns']);
    expect(parseConfigText('limits: 5\n').errors).toEqual(['limits must be a mapping']);
    expect(parseConfigText('limits: { maxDepth: -1, maxNodes: 3 }\n').errors).toEqual([
      'limit maxDepth must be a positive number',
      "unknown limit 'maxNodes' (expected maxFileSize, maxDepth, maxAliases, maxAliasExpansion)",
    ]);
  });
});

describe('finding and loading the config file', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ownless-config-'));
    mkdirSync(join(root, 'app', 'services', 'orders'), { recursive: true });
    mkdirSync(join(root, 'app', 'nested'), { recursive: true });
    mkdirSync(join(root, 'bad'), { recursive: true });
    writeFileSync(
      join(root, 'ownless.yaml'),
      'profile: strict\nrules:\n  limits/memory-budget: { budget: 2048 }\nignore: [build/**]\n',
    );
    writeFileSync(join(root, 'app', 'services', 'orders', 'template.yaml'), 'Resources: {}\n');
    writeFileSync(join(root, 'app', 'nested', '.ownless.yaml'), 'profile: relaxed\n');
    writeFileSync(join(root, 'app', 'nested', 'ownless.yml'), 'profile: recommended\n');
    writeFileSync(join(root, 'bad', 'ownless.yaml'), 'profile: lenient\nrules:\n  network/no-vpn: off\n');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('searches upward from a file or a folder', () => {
    expect(findConfigFile(join(root, 'app', 'services', 'orders', 'template.yaml'))).toBe(
      join(root, 'ownless.yaml'),
    );
    expect(findConfigFile(join(root, 'app', 'services'))).toBe(join(root, 'ownless.yaml'));
    expect(findConfigFile(root)).toBe(join(root, 'ownless.yaml'));
  });

  it('the nearest folder wins, and ownless.yml comes before .ownless.yaml', () => {
    expect(findConfigFile(join(root, 'app', 'nested', 'template.yaml'))).toBe(
      join(root, 'app', 'nested', 'ownless.yml'),
    );
  });

  it('starts from a path that does not exist yet', () => {
    expect(findConfigFile(join(root, 'app', 'new', 'template.yaml'))).toBe(join(root, 'ownless.yaml'));
  });

  it('finds nothing when no folder above has one', () => {
    const lonely = mkdtempSync(join(tmpdir(), 'ownless-none-'));
    try {
      expect(findConfigFile(join(lonely, 'template.yaml'))).toBeUndefined();
    } finally {
      rmSync(lonely, { recursive: true, force: true });
    }
  });

  it('loads and resolves a file, remembering where it came from', () => {
    const config = loadConfigFile(join(root, 'ownless.yaml'));
    expect(config.profile).toBe('strict');
    expect(config.path).toBe(join(root, 'ownless.yaml'));
    expect(config.baseDir).toBe(root);
    expect(config.ignore).toEqual(['build/**']);
    expect(options(config, 'limits/memory-budget')).toEqual({ budget: 2048 });
    expect(options(config, 'limits/timeout-budget')).toEqual({ budget: 30, apiBudget: 30 });
    expect(loadConfigFile(join(root, 'ownless.yaml'), 'relaxed').profile).toBe('relaxed');
  });

  it('throws a ConfigError listing every problem', () => {
    const load = () => loadConfigFile(join(root, 'bad', 'ownless.yaml'));
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/profile must be one of[\s\S]*unknown rule 'network\/no-vpn'/);
  });

  it('throws a ConfigError for a file that cannot be read', () => {
    expect(() => loadConfigFile(join(root, 'missing', 'ownless.yaml'))).toThrow(/cannot read/);
  });
});

describe('path ignores', () => {
  it.each([
    ['build/**', 'build/orders/template.yaml', true],
    ['build/**', 'src/build/template.yaml', false],
    ['*.json', 'stacks/deep/template.json', true],
    ['*.json', 'template.yaml', false],
    ['**/test/**', 'test/template.yaml', true],
    ['**/test/**', 'services/a/test/template.yaml', true],
    ['**/test/**', 'services/a/testing/template.yaml', false],
    ['stack?.yaml', 'stack1.yaml', true],
    ['stack?.yaml', 'stack12.yaml', false],
    ['build', 'services/build/template.yaml', true],
    ['build', 'builder/template.yaml', false],
    ['src/*.yaml', 'src/template.yaml', true],
    ['src/*.yaml', 'src/nested/template.yaml', false],
    ['src/*.yaml', 'other/src/template.yaml', false],
    ['cdk.out/', 'cdk.out/App.template.json', true],
    ['a+b.yaml', 'aab.yaml', false],
  ])('%s against %s: %s', (pattern, path, ignored) => {
    expect(isIgnored(path, [pattern])).toBe(ignored);
  });

  it('matches Windows separators and any of several patterns', () => {
    expect(isIgnored('build\\orders\\template.yaml', ['build/**'])).toBe(true);
    expect(isIgnored('other/template.yaml', ['build/**', 'other/*'])).toBe(true);
    expect(isIgnored('template.yaml', [])).toBe(false);
  });
});

describe('review fixes', () => {
  it('rejects budgets outside what Lambda allows', () => {
    const { errors } = parseConfigText(
      'rules:\n  limits/timeout-budget: { budget: -5 }\n  limits/memory-budget: { budget: 64 }\n',
    );
    expect(errors).toEqual([
      'limits/timeout-budget: option budget must be a number from 1 to 900',
      'limits/memory-budget: option budget must be a number from 128 to 10240',
    ]);
  });

  it('matches globs as .gitignore does: a trailing slash does not anchor, a leading ./ does', () => {
    expect(isIgnored('packages/a/node_modules/x/t.yaml', ['node_modules/'])).toBe(true);
    expect(isIgnored('build/t.yaml', ['./build'])).toBe(true);
    expect(isIgnored('src/build/t.yaml', ['./build'])).toBe(false);
    expect(isIgnored('src/build/t.yaml', ['build'])).toBe(true);
  });
});
