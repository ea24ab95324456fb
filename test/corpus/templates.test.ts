/**
 * The real-world corpus (../shared/corpus): every YAML/JSON file lints without an exception; every
 * file PyYAML accepts (the loader behind CloudFormation, the SAM CLI and cfn-lint) parses without
 * errors (duplicate keys aside: PyYAML keeps the last one silently, we report them on purpose) and to
 * the same values; every JSON file JSON.parse accepts likewise; and every safe fix round-trips.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/config/config';
import { type LintResult, lintText } from '../../src/core/engine';
import { applyFixes } from '../../src/core/fix/apply';
import { LineIndex } from '../../src/core/parse/ast';
import { toJS } from '../../src/core/parse/to-js';
import { parseYaml } from '../../src/core/parse/yaml/parser';
import type { Finding } from '../../src/core/rules/types';
import { CORPUS } from '../helpers/corpus';

const FOLDERS = ['serverless-patterns', 'cfn-lint-templates', 'serverless-examples', 'stress'];
const PYYAML_DUMP = resolve(__dirname, '../tools/pyyaml-dump.py');
/** Templates the npm `yaml` package rejects but PyYAML reads (see the corpus README). */
const TRICKY = [
  'apigw-lambda-rust',
  'apigw-ses-transformation',
  'systems-manager-automation-to-stepfunctions',
];

const isYaml = (f: string) => /\.ya?ml$/i.test(f);
const isJson = (f: string) => /\.json$/i.test(f);
const isDuplicateKey = (message: string) => /^duplicate key /.test(message);

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && (isYaml(entry.name) || isJson(entry.name))) out.push(full);
  }
  return out;
}

const files = FOLDERS.flatMap((f) => walk(join(CORPUS, f)));
const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
const rel = (f: string) => relative(CORPUS, f);
const config = resolveConfig({});

interface PyVerdict {
  file: string;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** PyYAML runs in its own process while the lint tests run; its output goes to a file (no pipe to drain). */
let tmp: string;
let pyyaml: Promise<Map<string, PyVerdict>>;
const results = new Map<string, LintResult>();

function lint(file: string): LintResult {
  let result = results.get(file);
  if (!result) {
    result = lintText(texts.get(file)!, file, config);
    results.set(file, result);
  }
  return result;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ownless-corpus-'));
  const out = join(tmp, 'pyyaml.jsonl');
  const fd = openSync(out, 'w');
  const child = spawn(process.env.OWNLESS_PYTHON ?? 'python3', [PYYAML_DUMP, ...files.filter(isYaml)], {
    stdio: ['ignore', fd, 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  pyyaml = new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      closeSync(fd);
      if (code !== 0) return fail(new Error(`pyyaml-dump.py exited with ${code}: ${stderr}`));
      const verdicts = new Map<string, PyVerdict>();
      for (const line of readFileSync(out, 'utf8').split('\n')) {
        if (!line) continue;
        const v = JSON.parse(line) as PyVerdict;
        verdicts.set(v.file, v);
      }
      done(verdicts);
    });
  });
  // A rejection is reported by the test that awaits it, not as an unhandled one.
  pyyaml.catch(() => undefined);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** YAML 1.1 timestamps, which PyYAML turns into dates (printed back by str(), so not always as written). */
const TIMESTAMP =
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

/** The first difference between our value and the reference, as a path and both sides, or null. */
function difference(ours: unknown, theirs: unknown, path = '$', seen = new Set<unknown>()): string | null {
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 80);
  if (typeof ours === 'number' && typeof theirs === 'number')
    return ours === theirs ? null : `${path}: ${ours} vs ${theirs}`;
  if (typeof ours === 'number' && !Number.isFinite(ours) && typeof theirs === 'string') {
    // The dump script prints non-finite floats as strings (nan, Infinity, -Infinity).
    return String(ours).toLowerCase() === theirs.toLowerCase() ? null : `${path}: ${ours} vs ${show(theirs)}`;
  }
  if (typeof ours === 'string' && typeof theirs === 'string') {
    if (ours === theirs || TIMESTAMP.test(ours)) return null;
    return `${path}: ${show(ours)} vs ${show(theirs)}`;
  }
  if (ours === null || theirs === null || typeof ours !== 'object' || typeof theirs !== 'object') {
    return ours === theirs ? null : `${path}: ${show(ours)} vs ${show(theirs)}`;
  }
  if (seen.has(ours)) return null; // an alias to a node already compared
  seen.add(ours);
  if (Array.isArray(ours) !== Array.isArray(theirs)) return `${path}: ${show(ours)} vs ${show(theirs)}`;
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    if (ours.length !== theirs.length) return `${path}: ${ours.length} items vs ${theirs.length}`;
    for (let i = 0; i < ours.length; i++) {
      const d = difference(ours[i], theirs[i], `${path}[${i}]`, seen);
      if (d) return d;
    }
    return null;
  }
  const a = ours as Record<string, unknown>;
  const b = theirs as Record<string, unknown>;
  const keysA = Object.keys(a).sort();
  const keysB = Object.keys(b).sort();
  if (keysA.join('\u0000') !== keysB.join('\u0000')) {
    const onlyA = keysA.filter((k) => !(k in b));
    const onlyB = keysB.filter((k) => !(k in a));
    return `${path}: keys only in ours ${show(onlyA)}, only in PyYAML's ${show(onlyB)}`;
  }
  for (const k of keysA) {
    const d = difference(a[k], b[k], `${path}.${k}`, seen);
    if (d) return d;
  }
  return null;
}

/** Identifies a finding across a fix (positions shift, so they are left out). */
function signature(f: Finding): string {
  return `${f.ruleId}:${f.messageId}:${f.functions.join(',')}:${JSON.stringify(f.data)}`;
}

/** The findings whose first safe fix `applyFixes` takes (it skips a fix that overlaps one already taken). */
function takenFindings(text: string, findings: Finding[]): Finding[] {
  const lines = new LineIndex(text);
  const taken: { start: number; end: number }[] = [];
  const out: Finding[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe);
    if (!fix) continue;
    const edits = fix.edits.map((e) => ({
      start: lines.offset(e.range.start),
      end: lines.offset(e.range.end),
    }));
    if (
      edits.some((e) =>
        taken.some((t) => (e.start < t.end && t.start < e.end) || (e.start === t.start && e.end === t.end)),
      )
    )
      continue;
    taken.push(...edits);
    out.push(f);
  }
  return out;
}

describe('corpus', () => {
  it('has the four folders and the templates the README describes', () => {
    for (const folder of FOLDERS)
      expect(
        files.some((f) => rel(f).startsWith(`${folder}/`)),
        folder,
      ).toBe(true);
    expect(files.length).toBeGreaterThan(900);
    for (const name of TRICKY)
      expect(
        files.some((f) => rel(f).startsWith(`serverless-patterns/${name}/`)),
        name,
      ).toBe(true);
  });

  it('lints every YAML and JSON file without an exception', () => {
    const thrown: string[] = [];
    for (const file of files) {
      try {
        lint(file);
      } catch (e) {
        thrown.push(`${rel(file)}: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
      }
    }
    expect(thrown).toEqual([]);
  });

  it('lints every file with the strict and relaxed profiles too', () => {
    const thrown: string[] = [];
    for (const profile of ['strict', 'relaxed'] as const) {
      const c = resolveConfig({}, profile);
      for (const file of files) {
        try {
          lintText(texts.get(file)!, file, c);
        } catch (e) {
          thrown.push(`${profile} ${rel(file)}: ${(e as Error).message}`);
        }
      }
    }
    expect(thrown).toEqual([]);
  });

  it('reports no parse error, except duplicate keys, on any YAML file PyYAML accepts', async () => {
    const verdicts = await pyyaml;
    const yamlFiles = files.filter(isYaml);
    expect(verdicts.size).toBe(yamlFiles.length);
    const wrong: string[] = [];
    for (const file of yamlFiles) {
      if (!verdicts.get(file)!.ok) continue;
      const result = lint(file);
      for (const p of result.doc.problems) {
        if (isDuplicateKey(p.message)) continue;
        wrong.push(`${rel(file)}:${result.doc.lines.range(p.start, p.end).start.line + 1}: ${p.message}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reports a parse error on every YAML file PyYAML rejects', async () => {
    const verdicts = await pyyaml;
    const rejected = files.filter((f) => isYaml(f) && !verdicts.get(f)!.ok);
    expect(rejected.length).toBeGreaterThan(3);
    const missed = rejected.filter((f) => lint(f).doc.problems.length === 0).map(rel);
    expect(missed).toEqual([]);
  });

  it('reports a mapping key that is an intrinsic function, as PyYAML does (cfn-lint bad/core/parse_invalid_map.yaml)', () => {
    // `[ !ImportValue Fn::Sub: "..." ]`: PyYAML fails with "found unhashable key" (cfn-lint's E0000).
    const { doc } = lint(join(CORPUS, 'cfn-lint-templates/bad/core/parse_invalid_map.yaml'));
    expect(doc.problems.map((p) => [doc.lines.range(p.start, p.end).start.line + 1, p.message])).toEqual([
      [18, 'a mapping key cannot be an intrinsic function (!ImportValue)'],
      [18, 'a mapping key cannot be an intrinsic function (!ImportValue)'],
    ]);
  });

  it('compares values the way it says it does', () => {
    expect(difference({ a: [1, 'x'] }, { a: [1, 'x'] })).toBeNull();
    expect(difference({ a: 1 }, { a: 2 })).toBe('$.a: 1 vs 2');
    expect(difference({ a: [1] }, { a: [1, 2] })).toBe('$.a: 1 items vs 2');
    expect(difference({ a: 1 }, { b: 1 })).toMatch(/keys only in ours \["a"\]/);
    expect(difference('2001-12-14t21:59:43.10-05:00', '2001-12-15 02:59:43.100000+00:00')).toBeNull();
    expect(difference(Number.NaN, 'nan')).toBeNull();
    expect(difference(true, 'true')).not.toBeNull();
  });

  it('reads every YAML file PyYAML accepts to the same values', async () => {
    const verdicts = await pyyaml;
    const diffs: string[] = [];
    let compared = 0;
    for (const file of files.filter(isYaml)) {
      const verdict = verdicts.get(file)!;
      if (!verdict.ok) continue;
      const { root } = parseYaml(texts.get(file)!);
      const d = difference(toJS(root), verdict.value);
      compared++;
      if (d) diffs.push(`${rel(file)}: ${d}`);
    }
    expect(compared).toBeGreaterThan(800);
    expect(diffs).toEqual([]);
  });

  it('reads every JSON file JSON.parse accepts without parse errors (duplicate keys aside) and to the same values', () => {
    const wrong: string[] = [];
    let compared = 0;
    for (const file of files.filter(isJson)) {
      let expected: unknown;
      try {
        expected = JSON.parse(texts.get(file)!.replace(/^\uFEFF/, ''));
      } catch {
        expect(
          lint(file).doc.problems.length,
          `${rel(file)} is not JSON: a parse error is expected`,
        ).toBeGreaterThan(0);
        continue;
      }
      const doc = lint(file).model!.doc;
      compared++;
      for (const p of doc.problems) if (!isDuplicateKey(p.message)) wrong.push(`${rel(file)}: ${p.message}`);
      const d = difference(toJS(doc.root), expected);
      if (d) wrong.push(`${rel(file)}: ${d}`);
    }
    expect(compared).toBeGreaterThan(40);
    expect(wrong).toEqual([]);
  });

  for (const name of TRICKY) {
    it(`reads serverless-patterns/${name} completely`, async () => {
      const file = files.find((f) => rel(f).startsWith(`serverless-patterns/${name}/`))!;
      const { doc, model: templateModel } = lint(file);
      const model = templateModel!;
      expect(doc.problems).toEqual([]);
      const verdict = (await pyyaml).get(file)!;
      expect(verdict.ok).toBe(true);
      const resources = (verdict.value as { Resources: Record<string, { Type: string }> }).Resources;
      expect([...model.resources.keys()].sort()).toEqual(Object.keys(resources).sort());
      for (const [id, resource] of model.resources) expect(resource.type, id).toBe(resources[id].Type);
      const functionIds = Object.keys(resources).filter((id) =>
        /^AWS::(Serverless|Lambda)::Function$/.test(resources[id].Type),
      );
      expect(model.functions.map((f) => f.id).sort()).toEqual(functionIds.sort());
      expect(difference(toJS(model.doc.root), verdict.value)).toBeNull();
    });
  }

  it('round-trips every safe fix: the result parses, and re-lints without the fixed findings and without new ones', () => {
    const failures: string[] = [];
    let fixedFiles = 0;
    let fixedFindings = 0;
    for (const file of files) {
      const text = texts.get(file)!;
      const before = lint(file);
      const taken = takenFindings(text, before.findings);
      if (taken.length === 0) continue;
      const fixed = applyFixes(text, before.findings);
      if (fixed.applied !== taken.length)
        failures.push(`${rel(file)}: applyFixes applied ${fixed.applied} fixes, expected ${taken.length}`);
      fixedFiles++;
      fixedFindings += taken.length;
      let after: LintResult;
      try {
        after = lintText(fixed.text, file, config);
      } catch (e) {
        failures.push(`${rel(file)}: re-lint threw ${(e as Error).message}`);
        continue;
      }
      // Parse problems: none new (a file with duplicate keys keeps reporting them, nothing more).
      const problemKey = (m: string) => m.replace(/\(first defined on line \d+\)/, '');
      const beforeProblems = before.doc.problems.map((p) => problemKey(p.message)).sort();
      const afterProblems = after.doc.problems.map((p) => problemKey(p.message)).sort();
      if (JSON.stringify(beforeProblems) !== JSON.stringify(afterProblems)) {
        failures.push(
          `${rel(file)}: parse problems changed: ${JSON.stringify(beforeProblems)} -> ${JSON.stringify(afterProblems)}`,
        );
      }
      const fixedIds = new Set(taken.map(signature));
      const remaining = after.findings.map(signature).filter((s) => fixedIds.has(s));
      if (remaining.length)
        failures.push(`${rel(file)}: still reported after the fix: ${remaining.join('; ')}`);
      const beforeAll = new Set(before.findings.map(signature));
      const added = after.findings.map(signature).filter((s) => !beforeAll.has(s));
      if (added.length) failures.push(`${rel(file)}: the fix introduced: ${added.join('; ')}`);
      // Comments elsewhere survive.
      const afterLines = new Set(fixed.text.split('\n').map((l) => l.trim()));
      const lost = text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith('#') && !afterLines.has(l));
      if (lost.length) failures.push(`${rel(file)}: comments lost: ${lost.slice(0, 3).join(' | ')}`);
    }
    expect(fixedFiles).toBeGreaterThan(50);
    expect(fixedFindings).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });
});
