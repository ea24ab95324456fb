/** Every rule has a registry entry, a docs page, a table test, consistent metadata, and a README row. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, RULES_BY_ID } from '../src/core/rules';
import { PROFILES } from '../src/core/rules/types';

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
