/**
 * The `ownless-ignore` injection grammar, run through vscode-textmate and vscode-oniguruma (what VS Code
 * itself uses) on top of the real built-in grammars of VS Code 1.100 (test/fixtures/grammars, with
 * their notices): directives in YAML, JSON, JavaScript, TypeScript and Python comments get our scopes;
 * ordinary comments, strings and the forms the parser does not read get none. The grammar is also
 * checked against the parser itself (src/core/suppressions.ts) and the rule catalogue.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as onig from 'vscode-oniguruma';
import * as tm from 'vscode-textmate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TemplateModel } from '../src/core/formats/cloudformation/types';
import { RULES_BY_ID } from '../src/core/rules';
import { readSuppressions } from '../src/core/suppressions';

const ROOT = join(__dirname, '..');
const FIXTURES = join(__dirname, 'fixtures', 'grammars');
const SCOPE = 'ownless.ignore.injection';

/** The `contributes.grammars` entry for package.json (checked against it once it is there). */
const CONTRIBUTION = {
  scopeName: SCOPE,
  path: './syntaxes/ownless-ignore.injection.tmLanguage.json',
  injectTo: [
    'source.yaml',
    'source.json',
    'source.json.comments',
    'source.js',
    'source.js.jsx',
    'source.ts',
    'source.tsx',
    'source.python',
  ],
};

const BUILT_IN: Record<string, string> = {
  'source.yaml': 'yaml.tmLanguage.json',
  'source.yaml.1.0': 'yaml-1.0.tmLanguage.json',
  'source.yaml.1.1': 'yaml-1.1.tmLanguage.json',
  'source.yaml.1.2': 'yaml-1.2.tmLanguage.json',
  'source.yaml.1.3': 'yaml-1.3.tmLanguage.json',
  'source.yaml.embedded': 'yaml-embedded.tmLanguage.json',
  'source.json': 'JSON.tmLanguage.json',
  'source.json.comments': 'JSONC.tmLanguage.json',
  'source.js': 'JavaScript.tmLanguage.json',
  'source.ts': 'TypeScript.tmLanguage.json',
  'source.python': 'MagicPython.tmLanguage.json',
};

const KEYWORD = 'keyword.control.directive.ownless';
const RULE_ID = 'entity.name.tag.rule-id.ownless';
const BAD_RULE_ID = 'invalid.illegal.rule-id.ownless';
const COMMA = 'punctuation.separator.comma.ownless';
const COLON = 'punctuation.separator.reason.ownless';
const REASON = 'string.unquoted.reason.ownless';

interface Token {
  text: string;
  start: number;
  scopes: string[];
}

const grammars = new Map<string, tm.IGrammar>();

beforeAll(async () => {
  const wasm = readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new onig.OnigScanner(patterns),
      createOnigString: (text: string) => new onig.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      const file =
        scopeName === SCOPE
          ? join(ROOT, CONTRIBUTION.path)
          : BUILT_IN[scopeName] && join(FIXTURES, BUILT_IN[scopeName]);
      return file ? tm.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName: string) => (CONTRIBUTION.injectTo.includes(scopeName) ? [SCOPE] : undefined),
  });
  for (const scopeName of [
    'source.yaml',
    'source.json',
    'source.json.comments',
    'source.js',
    'source.ts',
    'source.python',
  ]) {
    const grammar = await registry.loadGrammar(scopeName);
    if (!grammar) throw new Error(`cannot load ${scopeName}`);
    grammars.set(scopeName, grammar);
  }
});

/** Tokenizes a document line by line, the way the editor does. */
function tokenize(scopeName: string, text: string): Token[][] {
  const grammar = grammars.get(scopeName)!;
  let state = tm.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({
      text: line.slice(t.startIndex, t.endIndex),
      start: t.startIndex,
      scopes: t.scopes,
    }));
  });
}

/** The text of a tokenized line. */
const textOf = (tokens: Token[]) => tokens.map((t) => t.text).join('');

/** The line that is `lineNeedle`, or else the first that holds it. */
function findLine(lines: Token[][], lineNeedle: string): Token[] {
  const line =
    lines.find((tokens) => textOf(tokens) === lineNeedle) ??
    lines.find((tokens) => textOf(tokens).includes(lineNeedle));
  if (!line) throw new Error(`no line holds ${JSON.stringify(lineNeedle)}`);
  return line;
}

/** The scopes of the one token that is exactly `text` (its first occurrence) on the line `lineNeedle` picks. */
function scopesOf(lines: Token[][], lineNeedle: string, text: string): string[] {
  const line = findLine(lines, lineNeedle);
  const lineText = textOf(line);
  const start = lineText.indexOf(text);
  const token = line.find((t) => t.start === start && t.text === text);
  if (!token) {
    const got = line.map((t) => JSON.stringify(t.text)).join(' ');
    throw new Error(`${JSON.stringify(text)} is not one token in ${JSON.stringify(lineText)}: ${got}`);
  }
  return token.scopes;
}

/** Every scope this grammar contributes on the line `lineNeedle` picks. */
function ownlessScopes(lines: Token[][], lineNeedle: string): string[] {
  return findLine(lines, lineNeedle).flatMap((t) => t.scopes.filter((s) => s.endsWith('.ownless')));
}

/** What the grammar reads on a one-line document: rule ids (valid or not) and the reason. */
function grammarReading(scopeName: string, line: string) {
  const [tokens] = tokenize(scopeName, line);
  const has = (t: Token, scope: string) => t.scopes.includes(scope);
  const reason = tokens.filter((t) => has(t, REASON)).map((t) => t.text);
  return {
    directive: tokens.some((t) => has(t, KEYWORD)),
    rules: tokens.filter((t) => has(t, RULE_ID) || has(t, BAD_RULE_ID)).map((t) => t.text),
    invalid: tokens.filter((t) => has(t, BAD_RULE_ID)).map((t) => t.text),
    reason: reason.join('').trim(),
  };
}

/** What src/core/suppressions.ts reads on the same line. */
function parserReading(line: string) {
  const model = { doc: { text: line }, resources: new Map() } as unknown as TemplateModel;
  const directives = readSuppressions(model, new Set(RULES_BY_ID.keys())).byLine.get(0) ?? [];
  expect(directives.length).toBeLessThanOrEqual(1);
  const [directive] = directives;
  return {
    directive: directive !== undefined,
    rules: directive?.rules ?? [],
    reason: directive?.reason ?? '',
  };
}

describe('the grammar file', () => {
  const grammar = JSON.parse(readFileSync(join(ROOT, CONTRIBUTION.path), 'utf8')) as {
    scopeName: string;
    injectionSelector: string;
  };

  it('is an injection grammar with our scope name', () => {
    expect(grammar.scopeName).toBe(SCOPE);
    expect(grammar.injectionSelector).toContain('L:comment.line.number-sign.yaml');
  });

  it('matches the contributes.grammars entry in package.json, once there is one', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes?: { grammars?: { scopeName: string }[] };
    };
    const entry = pkg.contributes?.grammars?.find((g) => g.scopeName === SCOPE);
    if (entry) expect(entry).toEqual(CONTRIBUTION);
  });
});

describe('YAML (SAM and CloudFormation templates)', () => {
  const template = [
    'Resources:',
    '  # The worker: one ordinary comment.',
    '  Worker:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Description: "not a comment # ownless-ignore network/no-vpc: in a string"',
    '      InlineCode: |',
    '        # ownless-ignore network/no-vpc: in a block scalar',
    '        exports.handler = async () => 1;',
    '      # ownless-ignore network/no-vpc: reads the reporting RDS instance: no Data API',
    '      VpcConfig:',
    '        SubnetIds: [subnet-1]',
    '      Timeout: 900 # ownless-ignore limits/timeout-budget, limits/memory-budget: nightly batch',
    '      MemorySize: 10240 #ownless-ignore limits/memory-budget',
  ].join('\n');
  let lines: Token[][];
  beforeAll(() => {
    lines = tokenize('source.yaml', template);
  });

  it('scopes the keyword, the rule id and the reason of a directive alone on its line', () => {
    const line = 'reads the reporting RDS';
    expect(scopesOf(lines, line, 'ownless-ignore')).toEqual(
      expect.arrayContaining(['comment.line.number-sign.yaml', 'meta.directive.ignore.ownless', KEYWORD]),
    );
    expect(scopesOf(lines, line, 'network/no-vpc')).toContain(RULE_ID);
    expect(scopesOf(lines, line, ':')).toContain(COLON);
    // The first colon ends the rule ids; the reason may hold more.
    expect(scopesOf(lines, line, 'reads the reporting RDS instance: no Data API')).toEqual(
      expect.arrayContaining(['comment.line.number-sign.yaml', REASON]),
    );
  });

  it('scopes a trailing directive with several rule ids', () => {
    const line = 'nightly batch';
    expect(scopesOf(lines, line, 'ownless-ignore')).toContain(KEYWORD);
    expect(scopesOf(lines, line, 'limits/timeout-budget')).toContain(RULE_ID);
    expect(scopesOf(lines, line, ',')).toContain(COMMA);
    expect(scopesOf(lines, line, 'limits/memory-budget')).toContain(RULE_ID);
    expect(scopesOf(lines, line, 'nightly batch')).toContain(REASON);
  });

  it('scopes a directive without a space after # and without a reason', () => {
    const line = 'MemorySize: 10240';
    expect(scopesOf(lines, line, 'ownless-ignore')).toContain(KEYWORD);
    expect(scopesOf(lines, line, 'limits/memory-budget')).toContain(RULE_ID);
    expect(ownlessScopes(lines, line)).not.toContain(REASON);
  });

  it('leaves ordinary comments, strings and block scalars alone', () => {
    expect(ownlessScopes(lines, 'one ordinary comment')).toEqual([]);
    expect(ownlessScopes(lines, 'in a string')).toEqual([]);
    expect(scopesOf(lines, 'in a string', '"')).toContain('string.quoted.double.yaml');
    expect(ownlessScopes(lines, 'in a block scalar')).toEqual([]);
  });

  it('keeps tokenizing the template normally after a directive', () => {
    expect(scopesOf(lines, 'VpcConfig:', 'VpcConfig')).toContain('entity.name.tag.yaml');
    expect(scopesOf(lines, 'SubnetIds', 'SubnetIds')).toContain('entity.name.tag.yaml');
    expect(scopesOf(lines, 'MemorySize', 'MemorySize')).toContain('entity.name.tag.yaml');
  });

  it('does not scope a mention of ownless-ignore later in a comment (the parser ignores it too)', () => {
    const text = 'A: 1 # see the ownless-ignore docs: network/no-vpc';
    expect(ownlessScopes(tokenize('source.yaml', text), 'see the')).toEqual([]);
    expect(parserReading(text).directive).toBe(false);
  });
});

describe('JSON templates', () => {
  const template = [
    '{',
    '  "Resources": {',
    '    "Worker": {',
    '      "Type": "AWS::Lambda::Function",',
    '      "Properties": {',
    '        "Description": "// ownless-ignore network/no-vpc: in a string",',
    '        // an ordinary comment',
    '        /* ownless-ignore network/no-vpc: in a block comment */',
    '        // ownless-ignore network/no-vpc: shared RDS',
    '        "VpcConfig": { "SubnetIds": ["subnet-1"] }, // ownless-ignore storage/no-efs, network/no-vpc: trailing',
    '        "Timeout": 3',
    '      }',
    '    }',
    '  }',
    '}',
  ].join('\n');

  for (const scopeName of ['source.json.comments', 'source.json']) {
    describe(scopeName, () => {
      let lines: Token[][];
      beforeAll(() => {
        lines = tokenize(scopeName, template);
      });

      it('scopes a // directive and keeps it a comment', () => {
        const line = 'shared RDS';
        expect(scopesOf(lines, line, '//')).toContain('comment.line.double-slash.js');
        expect(scopesOf(lines, line, 'ownless-ignore')).toEqual(
          expect.arrayContaining(['comment.line.double-slash.js', KEYWORD]),
        );
        expect(scopesOf(lines, line, 'network/no-vpc')).toContain(RULE_ID);
        expect(scopesOf(lines, line, 'shared RDS')).toContain(REASON);
      });

      it('scopes a trailing // directive after a value', () => {
        const line = 'trailing';
        expect(scopesOf(lines, line, 'VpcConfig').join(' ')).toMatch(/\bsupport\.type\.property-name\.json/);
        expect(scopesOf(lines, line, 'storage/no-efs')).toContain(RULE_ID);
        expect(scopesOf(lines, line, 'network/no-vpc')).toContain(RULE_ID);
        expect(scopesOf(lines, line, 'trailing')).toContain(REASON);
      });

      it('leaves strings, ordinary and block comments alone', () => {
        expect(ownlessScopes(lines, 'in a string')).toEqual([]);
        expect(ownlessScopes(lines, 'an ordinary comment')).toEqual([]);
        expect(scopesOf(lines, 'an ordinary comment', ' an ordinary comment')).toContain(
          'comment.line.double-slash.js',
        );
        // The parser reads `#` and `//` comments only.
        expect(ownlessScopes(lines, 'in a block comment')).toEqual([]);
      });

      it('keeps tokenizing the template normally after a directive', () => {
        expect(scopesOf(lines, '"Timeout"', '3').at(-1)).toMatch(/^constant\.numeric\.json/);
      });
    });
  }
});

describe('JavaScript and TypeScript handlers', () => {
  const code = [
    '// An ordinary comment.',
    "export const handler = async () => ({ note: '// ownless-ignore network/no-vpc: in a string' });",
    '/* ownless-ignore network/no-vpc: in a block comment */',
    'const client = new Client(); // ownless-ignore resilience/no-hardcoded-region: the table lives in one region',
    '// ownless-ignore network/no-vpc',
  ].join('\n');

  for (const scopeName of ['source.js', 'source.ts']) {
    const suffix = scopeName.slice('source.'.length);
    it(`scopes // directives in ${scopeName}`, () => {
      const lines = tokenize(scopeName, code);
      const line = 'one region';
      expect(scopesOf(lines, line, 'ownless-ignore')).toEqual(
        expect.arrayContaining([`comment.line.double-slash.${suffix}`, KEYWORD]),
      );
      expect(scopesOf(lines, line, 'resilience/no-hardcoded-region')).toContain(RULE_ID);
      expect(scopesOf(lines, line, 'the table lives in one region')).toContain(REASON);
      expect(scopesOf(lines, '// ownless-ignore network/no-vpc', 'network/no-vpc')).toContain(RULE_ID);
    });

    it(`leaves strings, ordinary and block comments alone in ${scopeName}`, () => {
      const lines = tokenize(scopeName, code);
      expect(ownlessScopes(lines, 'An ordinary comment')).toEqual([]);
      expect(ownlessScopes(lines, 'in a string')).toEqual([]);
      expect(scopesOf(lines, 'in a string', '// ownless-ignore network/no-vpc: in a string')).toContain(
        `string.quoted.single.${suffix}`,
      );
      expect(ownlessScopes(lines, 'in a block comment')).toEqual([]);
    });
  }
});

describe('Python handlers', () => {
  const code = [
    '# An ordinary comment.',
    'NOTE = "# ownless-ignore network/no-vpc: in a string"',
    'client = boto3.client("s3", region_name="eu-west-1")  # ownless-ignore resilience/no-hardcoded-region: pinned',
    '# ownless-ignore network/no-vpc: reads the legacy database',
    '# TODO: ownless-ignore is mentioned here, not written',
  ].join('\n');
  let lines: Token[][];
  beforeAll(() => {
    lines = tokenize('source.python', code);
  });

  it('scopes # directives', () => {
    expect(scopesOf(lines, 'pinned', 'ownless-ignore')).toEqual(
      expect.arrayContaining(['comment.line.number-sign.python', KEYWORD]),
    );
    expect(scopesOf(lines, 'pinned', 'resilience/no-hardcoded-region')).toContain(RULE_ID);
    expect(scopesOf(lines, 'pinned', 'pinned')).toContain(REASON);
    expect(scopesOf(lines, 'legacy database', 'network/no-vpc')).toContain(RULE_ID);
    expect(scopesOf(lines, 'legacy database', 'reads the legacy database')).toContain(REASON);
  });

  it('leaves strings and ordinary comments alone', () => {
    expect(ownlessScopes(lines, 'An ordinary comment')).toEqual([]);
    expect(ownlessScopes(lines, 'in a string')).toEqual([]);
    expect(ownlessScopes(lines, 'is mentioned here')).toEqual([]);
  });
});

describe('agreement with the parser', () => {
  const comments = [
    '# ownless-ignore network/no-vpc: shared RDS',
    '#ownless-ignore network/no-vpc:shared RDS',
    '## ownless-ignore network/no-vpc: doubled hash',
    '# ownless-ignore network/no-vpc',
    '# ownless-ignore network/no-vpc:',
    '# ownless-ignore: a reason without a rule',
    '# ownless-ignore',
    '# ownless-ignore limits/timeout-budget,limits/memory-budget: no space after the comma',
    '# ownless-ignore limits/timeout-budget limits/memory-budget: white space only',
    '# ownless-ignore limits/timeout-budget , limits/memory-budget : spaced out',
    '# ownless-ignore network/no-vpc: a reason: with colons, and commas',
    '# ownless-ignore network/novpc: an unknown but well-formed id',
    '# ownless-ignore Network/No-VPC: upper case',
    '# ownless-ignore-next-line network/no-vpc: not a variant the parser knows',
    '# ownless-ignore-file network/no-vpc: nor this one',
    '# ownless-ignorenetwork/no-vpc: no word boundary',
    '# a comment that mentions ownless-ignore network/no-vpc: later',
  ];

  for (const comment of comments) {
    it(`reads ${JSON.stringify(comment)} as the parser does`, () => {
      for (const [scopeName, line] of [
        ['source.yaml', `Timeout: 3 ${comment}`],
        ['source.python', `x = 3  ${comment}`],
        ['source.json.comments', `{ "Timeout": 3 } ${comment.replace('#', '//')}`],
        ['source.ts', `const x = 3; ${comment.replace('#', '//')}`],
      ] as const) {
        const parser = parserReading(line);
        const grammar = grammarReading(scopeName, line);
        expect({ scopeName, ...grammar, invalid: undefined }, line).toEqual({
          scopeName,
          ...parser,
          invalid: undefined,
        });
        // An id the grammar marks invalid is one the parser reports as unknown.
        for (const id of grammar.invalid) expect(RULES_BY_ID.has(id)).toBe(false);
      }
    });
  }

  it('marks every rule id of the catalogue as a rule id', () => {
    expect(RULES_BY_ID.size).toBeGreaterThan(10);
    for (const id of RULES_BY_ID.keys()) {
      const reading = grammarReading('source.yaml', `A: 1 # ownless-ignore ${id}: reason`);
      expect({ id, rules: reading.rules, invalid: reading.invalid }).toEqual({
        id,
        rules: [id],
        invalid: [],
      });
    }
  });
});
