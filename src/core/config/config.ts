/**
 * Configuration: a profile, per-rule severity and options, path ignores and parser limits, read from
 * `ownless.yaml` (or given by the editor's settings) and resolved against the rule registry.
 */
import { relative } from 'node:path';
import { asMap, keyText } from '../parse/ast';
import { type ParseLimits, DEFAULT_LIMITS, MAX_DEPTH_CEILING } from '../formats/cloudformation/template';
import { toJS } from '../parse/to-js';
import { parseYaml } from '../parse/yaml/parser';
import { RULES, RULES_BY_ID } from '../rules';
import { PROFILES, type Profile, type SeveritySetting } from '../rules/types';

export interface RuleSetting {
  severity?: SeveritySetting;
  options?: Record<string, number>;
}

/** What a user writes (every field optional). */
export interface OwnlessConfig {
  profile?: Profile;
  rules?: Record<string, RuleSetting>;
  ignore?: string[];
  limits?: Partial<ParseLimits>;
}

export interface ResolvedRule {
  severity: SeveritySetting;
  options: Record<string, number>;
}

/** The configuration the engine runs with: every rule resolved. */
export interface ResolvedConfig {
  profile: Profile;
  rules: Map<string, ResolvedRule>;
  ignore: string[];
  limits: ParseLimits;
  /** The file it came from, and the folder ignore patterns are relative to. */
  path?: string;
  baseDir?: string;
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/** Resolves a configuration for a profile: defaults from each rule's metadata, then the user's settings. */
export function resolveConfig(config: OwnlessConfig = {}, profileOverride?: Profile): ResolvedConfig {
  const profile = profileOverride ?? config.profile ?? 'recommended';
  const rules = new Map<string, ResolvedRule>();
  for (const rule of RULES) {
    const user = config.rules?.[rule.meta.id];
    const options: Record<string, number> = {};
    for (const [name, option] of Object.entries(rule.meta.options ?? {}))
      options[name] = option.default[profile];
    Object.assign(options, user?.options);
    rules.set(rule.meta.id, { severity: user?.severity ?? rule.meta.severity[profile], options });
  }
  return { profile, rules, ignore: config.ignore ?? [], limits: { ...DEFAULT_LIMITS, ...config.limits } };
}

/**
 * Layers two configurations (the editor's settings under a project's `ownless.yaml`): `over` wins for
 * what it sets; rules merge per rule (severity and options apart), limits per limit, ignores add up.
 */
export function mergeConfigs(base: OwnlessConfig, over: OwnlessConfig): OwnlessConfig {
  const rules: Record<string, RuleSetting> = { ...base.rules };
  for (const [id, setting] of Object.entries(over.rules ?? {})) {
    const under = rules[id] ?? {};
    rules[id] = {
      severity: setting.severity ?? under.severity,
      options: under.options || setting.options ? { ...under.options, ...setting.options } : undefined,
    };
  }
  return {
    profile: over.profile ?? base.profile,
    rules,
    ignore: [...(base.ignore ?? []), ...(over.ignore ?? [])],
    limits: { ...base.limits, ...over.limits },
  };
}

/** Checks a configuration object (from YAML or editor settings); returns it typed, with any errors. */
export function validateConfig(raw: unknown): { config: OwnlessConfig; errors: string[] } {
  const errors: string[] = [];
  const config: OwnlessConfig = {};
  if (raw === null || raw === undefined) return { config, errors };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { config, errors: ['the configuration must be a mapping'] };
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!['profile', 'rules', 'ignore', 'limits'].includes(key))
      errors.push(`unknown setting '${key}' (expected profile, rules, ignore or limits)`);
  }
  if (obj.profile !== undefined) {
    if (PROFILES.includes(obj.profile as Profile)) config.profile = obj.profile as Profile;
    else errors.push(`profile must be one of ${PROFILES.join(', ')}, not '${String(obj.profile)}'`);
  }
  if (obj.ignore !== undefined) {
    if (Array.isArray(obj.ignore) && obj.ignore.every((p) => typeof p === 'string'))
      config.ignore = obj.ignore as string[];
    else errors.push('ignore must be a list of path patterns');
  }
  if (obj.limits !== undefined) config.limits = validateLimits(obj.limits, errors);
  if (obj.rules !== undefined) config.rules = validateRules(obj.rules, errors);
  return { config, errors };
}

function validateLimits(raw: unknown, errors: string[]): Partial<ParseLimits> {
  const limits: Partial<ParseLimits> = {};
  if (!raw || typeof raw !== 'object') {
    errors.push('limits must be a mapping');
    return limits;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in DEFAULT_LIMITS))
      errors.push(`unknown limit '${key}' (expected ${Object.keys(DEFAULT_LIMITS).join(', ')})`);
    else if (typeof value !== 'number' || !(value > 0)) errors.push(`limit ${key} must be a positive number`);
    else if (key === 'maxDepth' && value > MAX_DEPTH_CEILING)
      errors.push(`limit maxDepth must be at most ${MAX_DEPTH_CEILING}`);
    else limits[key as keyof ParseLimits] = value;
  }
  return limits;
}

function validateRules(raw: unknown, errors: string[]): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push('rules must be a mapping of rule id to a severity or settings');
    return rules;
  }
  for (const [id, written] of Object.entries(raw)) {
    const rule = RULES_BY_ID.get(id);
    // YAML 1.1 reads an unquoted `off` as false: take it as the severity the user meant.
    const value = written === false ? 'off' : written;
    if (!rule) {
      errors.push(`unknown rule '${id}'`);
      continue;
    }
    if (typeof value === 'string') {
      if (SEVERITIES.has(value)) rules[id] = { severity: value as SeveritySetting };
      else errors.push(`${id}: severity must be error, warning, info or off, not '${value}'`);
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      errors.push(`${id}: expected a severity or a mapping of severity and options`);
      continue;
    }
    const setting: RuleSetting = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === 'severity') {
        if (v === false) setting.severity = 'off';
        else if (typeof v === 'string' && SEVERITIES.has(v)) setting.severity = v as SeveritySetting;
        else errors.push(`${id}: severity must be error, warning, info or off`);
      } else if (rule.meta.options && key in rule.meta.options) {
        const { min, max } = rule.meta.options[key];
        if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max)
          (setting.options ??= {})[key] = v;
        else errors.push(`${id}: option ${key} must be a number from ${min} to ${max}`);
      } else {
        const known = Object.keys(rule.meta.options ?? {});
        errors.push(
          `${id}: unknown option '${key}'${known.length ? ` (options: ${known.join(', ')})` : ' (this rule has no options)'}`,
        );
      }
    }
    rules[id] = setting;
  }
  return rules;
}

/** Parses the text of an `ownless.yaml`. */
export function parseConfigText(text: string): { config: OwnlessConfig; errors: string[] } {
  const { root, problems } = parseYaml(text);
  const errors = problems.map((p) => `${p.message} (line ${text.slice(0, p.start).split('\n').length})`);
  if (root && !asMap(root) && !(root.kind === 'scalar' && root.value === ''))
    return { config: {}, errors: [...errors, 'the configuration must be a mapping'] };
  const raw = root && asMap(root) ? toJS(root) : {};
  if (root && asMap(root))
    for (const pair of asMap(root)!.pairs)
      if (keyText(pair.key) === null) errors.push('keys must be plain names');
  const { config, errors: invalid } = validateConfig(raw);
  return { config, errors: [...errors, ...invalid] };
}

/** Converts a path glob (`**`, `*`, `?`) to a regular expression over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  // As in .gitignore: a slash at the start or in the middle anchors the pattern to the config's
  // folder; a trailing slash alone does not (`node_modules/` matches at any depth).
  const trimmed = glob.replace(/\/+$/, '');
  const anchored = trimmed.includes('/');
  const g = trimmed.replace(/^\.?\//, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const slash = g[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern without a slash matches at any depth, as in .gitignore.
  return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${re}(?:/.*)?$`);
}

/** True when a path relative to the config folder matches one of the ignore patterns. */
export function isIgnored(relativePath: string, patterns: string[]): boolean {
  const path = relativePath.replace(/\\/g, '/');
  return patterns.some((p) => globToRegExp(p).test(path));
}

/**
 * True when the configuration's ignore globs (relative to its folder) match a file: folder searches
 * and workspace scans leave it alone (a file named explicitly is analysed all the same).
 */
export function ignoresFile(config: ResolvedConfig, absolutePath: string): boolean {
  return (
    !!config.baseDir &&
    config.ignore.length > 0 &&
    isIgnored(relative(config.baseDir, absolutePath), config.ignore)
  );
}
