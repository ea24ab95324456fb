/** Every rule has a registry entry, a docs page, a table test, consistent metadata, and a README row. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { RULES, RULES_BY_ID } from '../src/core/rules';
import { PROFILES } from '../src/core/rules/types';
import { PROPERTY_NAMES } from '../src/core/formats/cloudformation/names';
import { CLOUDFORMATION } from '../src/core/formats/cloudformation/names';
import { mightBeTemplate } from '../src/core/formats/cloudformation/template';
import { SERVICE_FILE_NAME, SERVICE_HINTS, TEMPLATE_HINT } from '../src/server/protocol';
import { isServerlessConfigPath, mightBeServerless } from '../src/core/formats/serverless';

const root = join(__dirname, '..');

function filesUnder(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => f.split('\\').join('/'));
}

describe('rule registry', () => {
  it('has unique ids of the form <tenet>/<kebab-name> matching each rule file', () => {
    expect(RULES_BY_ID.size).toBe(RULES.length);
    const sources = filesUnder(join(root, 'src/core/rules'), '.ts')
      .filter((f) => f.includes('/'))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(new Set(sources)).toEqual(new Set(RULES.map((r) => r.meta.id)));
    for (const rule of RULES) {
      expect(rule.meta.id).toMatch(/^[a-z]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(rule.meta.id.split('/')[0]).toBe(rule.meta.tenet);
    }
  });

  it('has a test file and a docs page for every rule, and nothing else', () => {
    const tests = filesUnder(join(root, 'test/rules'), '.test.ts').map((f) => f.replace(/\.test\.ts$/, ''));
    const docs = filesUnder(join(root, 'docs/rules'), '.md')
      .filter((f) => f !== 'README.md')
      .map((f) => f.replace(/\.md$/, ''));
    const ids = new Set(RULES.map((r) => r.meta.id));
    expect(new Set(tests)).toEqual(ids);
    expect(new Set(docs)).toEqual(ids);
  });

  it('gives every rule complete metadata', () => {
    for (const { meta } of RULES) {
      for (const field of ['description', 'why', 'alternative', 'justified'] as const)
        expect(meta[field].length, `${meta.id}.${field}`).toBeGreaterThan(20);
      for (const profile of PROFILES)
        expect(['error', 'warning', 'info', 'off']).toContain(meta.severity[profile]);
      expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
      for (const option of Object.values(meta.options ?? {}))
        for (const profile of PROFILES) expect(typeof option.default[profile]).toBe('number');
    }
  });

  it('lists every rule in the README', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const rule of RULES)
      expect(readme, rule.meta.id).toContain(`[${rule.meta.id}](docs/rules/${rule.meta.id}.md)`);
  });
});

describe('layering', () => {
  it('keeps src/core free of editor imports', () => {
    for (const file of filesUnder(join(root, 'src/core'), '.ts')) {
      const text = readFileSync(join(root, 'src/core', file), 'utf8');
      expect(text, file).not.toMatch(
        /from ['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*)['"]/,
      );
    }
  });
});

/** The strings of a rule file that reach users or decide behaviour: everything but the docs text of `meta`. */
function codeStrings(file: string, text: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { text: string; line: number }[] = [];
  // Docs prose (hover, docs pages) may name any format's properties; messages and code may not.
  const PROSE = new Set(['description', 'why', 'alternative', 'justified']);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && PROSE.has(node.name.text)) return;
    if (ts.isImportDeclaration(node)) return;
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    )
      out.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('rules read only the semantic model', () => {
  // The rules (one file each, under their tenet's folder) and the helpers they share.
  const ruleFiles = filesUnder(join(root, 'src/core/rules'), '.ts').filter(
    (f) => f.includes('/') || f === 'helpers.ts',
  );
  // Every name SAM/CloudFormation gives a setting the model knows, and the other names messages use;
  // `FunctionName` is also the Lambda API's parameter, which the code rules read in SDK calls.
  const cloudFormationNames = [
    ...Object.values(PROPERTY_NAMES)
      .flat()
      .filter((name) => name !== 'FunctionName'),
    ...(
      [
        'visibilityTimeout',
        'redrivePolicy',
        'onFailure',
        'authType',
        'provisionedConcurrency',
        'provisionedPollers',
      ] as const
    ).map((key) => CLOUDFORMATION.nameOf(key)),
  ];

  it('imports no parser, syntax tree or format adapter', () => {
    const offences: string[] = [];
    for (const file of ruleFiles) {
      const text = readFileSync(join(root, 'src/core/rules', file), 'utf8');
      for (const match of text.matchAll(/from ['"]([^'"]+)['"]/g))
        if (/\/(parse|formats|fix)\//.test(match[1]) || /\/(parse|formats)$/.test(match[1]))
          offences.push(
            `src/core/rules/${file} imports ${match[1]}: a rule reads the semantic model (src/core/model/types.ts); ` +
              'move what it reads of the syntax into the format adapter (src/core/formats/<format>/) and expose it on the model',
          );
    }
    expect(offences).toEqual([]);
  });

  it('names no AWS:: type or CloudFormation property in its checks and messages', () => {
    const offences: string[] = [];
    // (Lambda's error names, such as `Runtime.ImportModuleError`, are not properties.)
    const names = cloudFormationNames.map((n) => n.replace('.', '\\.')).join('|');
    const words = new RegExp(`AWS::|\\b(?:${names})\\b(?!\\.\\w)`);
    for (const file of ruleFiles) {
      const text = readFileSync(join(root, 'src/core/rules', file), 'utf8');
      for (const s of codeStrings(file, text)) {
        const found = words.exec(s.text);
        if (found)
          offences.push(
            `src/core/rules/${file}:${s.line} says '${found[0]}': take the format's name from the model ` +
              "(setting.name, model.format.nameOf('…')) and the format's types and properties from its adapter",
          );
      }
    }
    expect(offences).toEqual([]);
  });

  it('catches a rule that names a property (the checks above can fail)', () => {
    const strings = codeStrings(
      'x.ts',
      "const m = { why: 'VpcConfig is fine here', messages: { a: 'VpcConfig attaches' } };",
    );
    expect(strings.map((s) => s.text)).toEqual(['VpcConfig attaches']);
  });
});

describe('activation', () => {
  it('activates only on files Ownless analyses (each format adds its markers with its adapter)', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      activationEvents: string[];
    };
    const markers = manifest.activationEvents
      .filter((e) => e.startsWith('workspaceContains:'))
      .map((e) => e.slice('workspaceContains:'.length));
    // The file names each marker stands for, and whether the CLI's discovery would analyse them
    // (cdk.json marks a CDK app, whose source files are analysed; *.tf, a Terraform folder).
    const analysed = /\.(ya?ml|json|template|tf)$/i;
    for (const marker of markers) {
      const sample = marker
        .replace('**/', '')
        .replace('*', 'app')
        .replace(/\{([^,}]+)[^}]*\}/, '$1');
      expect(sample, `${marker}: not a file name Ownless analyses`).toMatch(analysed);
    }
    expect(markers.length).toBeGreaterThan(0);
  });
});

/** Imports of core modules other than the front door (src/core/index.ts), from one front end's folder. */
function deepCoreImports(folder: string): string[] {
  const out: string[] = [];
  for (const file of filesUnder(join(root, folder), '.ts')) {
    const path = join(root, folder, file);
    for (const match of readFileSync(path, 'utf8').matchAll(/from ['"](\.[^'"]+)['"]/g)) {
      const target = relative(root, resolve(dirname(path), match[1]))
        .split('\\')
        .join('/');
      if (target.startsWith('src/core/') && target !== 'src/core/index')
        out.push(`${folder}/${file} → ${target}`);
    }
  }
  return out;
}

describe('the front door', () => {
  // Front ends reach the core through src/core/index.ts only. The local runtime's deep imports (the
  // event describer reads SAM event syntax) are counted down: a new one fails here; when one goes,
  // lower the ceiling.
  const CEILINGS: Record<string, number> = {
    'src/cli': 0,
    'src/server': 0,
    'src/lambda': 20,
  };

  for (const [folder, ceiling] of Object.entries(CEILINGS)) {
    it(`${folder} imports no more core modules past the front door than it did (${ceiling})`, () => {
      const deep = deepCoreImports(folder);
      expect(
        deep.length,
        `${folder} imports core modules directly:\n  ${deep.join('\n  ')}\n` +
          'import from src/core/index.ts instead (add what you need there); when the count drops, lower the ceiling in test/meta.test.ts',
      ).toBeLessThanOrEqual(ceiling);
    });
  }
});

describe('the VS Code extension is a client', () => {
  it('imports nothing from src/core: it asks the language server (server/protocol.ts)', () => {
    const direct = deepCoreImports('src/extension');
    const front: string[] = [];
    for (const file of filesUnder(join(root, 'src/extension'), '.ts'))
      if (/from ['"](\.\.\/)+core['"]/.test(readFileSync(join(root, 'src/extension', file), 'utf8')))
        front.push(file);
    expect(
      [...direct, ...front],
      'ask the server through a request declared in src/server/protocol.ts',
    ).toEqual([]);
  });

  it("sniffs documents for templates as the core does (TEMPLATE_HINT equals mightBeTemplate's test)", () => {
    const samples = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Transform: AWS::Serverless-2016-10-31',
      'Type: AWS::Lambda::Function',
      'name: build\non: push',
      'AWS::',
      '{"Resources": {"A": {"Type": "AWS::SQS::Queue"}}}',
    ];
    for (const text of samples) expect(TEMPLATE_HINT.test(text), text).toBe(mightBeTemplate(text));
  });

  it('recognises serverless.yml as the core does (SERVICE_FILE_NAME and SERVICE_HINTS)', () => {
    const names = [
      'serverless.yml',
      'a/serverless.yaml',
      'b\\serverless.json',
      'serverless.ts',
      'my-serverless.yml',
      'x.yml',
    ];
    for (const name of names) expect(SERVICE_FILE_NAME.test(name), name).toBe(isServerlessConfigPath(name));
    const texts = [
      'provider:\n  name: aws',
      'provider: aws',
      'provider:\n  name: azure',
      'service: x',
      'AWS',
    ];
    for (const text of texts)
      expect(
        SERVICE_HINTS.every((hint) => hint.test(text)),
        text,
      ).toBe(mightBeServerless(text));
  });
});
