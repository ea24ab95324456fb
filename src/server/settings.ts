/**
 * The editor's `ownless.*` settings, read per resource (a folder can differ from its neighbours), and
 * turned into the same configuration an `ownless.yaml` gives. A project's `ownless.yaml` is layered
 * over them: what the repository says wins over what one editor says.
 */
import { type OwnlessConfig, validateConfig } from '../core';

export interface EditorSettings {
  profile?: string;
  /** Rule id → severity, or { severity, options }: the same shape as `rules` in ownless.yaml. */
  rules?: Record<string, unknown>;
  budgets?: { timeout?: number | null; memory?: number | null; ephemeralStorage?: number | null };
  /** Largest template analysed, in MB. */
  maxFileSize?: number;
  /** Milliseconds to wait after a keystroke before analysing. */
  debounce?: number;
}

export const DEFAULT_DEBOUNCE_MS = 100;

const BUDGET_RULES: Record<string, string> = {
  timeout: 'limits/timeout-budget',
  memory: 'limits/memory-budget',
  ephemeralStorage: 'storage/ephemeral-budget',
};

/** Settings → configuration, with a message for each setting that is not valid (the rest still apply). */
export function settingsToConfig(settings: EditorSettings | null | undefined): {
  config: OwnlessConfig;
  errors: string[];
} {
  if (!settings) return { config: {}, errors: [] };
  const rules: Record<string, unknown> = { ...(settings.rules ?? {}) };
  for (const [name, ruleId] of Object.entries(BUDGET_RULES)) {
    const budget = settings.budgets?.[name as keyof typeof BUDGET_RULES & keyof EditorSettings['budgets']];
    if (typeof budget !== 'number') continue;
    // Same shape as ownless.yaml: a severity string, or a mapping of severity and option values.
    const written = rules[ruleId];
    rules[ruleId] =
      typeof written === 'string'
        ? { severity: written, budget }
        : { ...(written as object | undefined), budget };
  }
  const raw: Record<string, unknown> = {};
  if (settings.profile) raw.profile = settings.profile;
  if (Object.keys(rules).length) raw.rules = rules;
  if (typeof settings.maxFileSize === 'number')
    raw.limits = { maxFileSize: Math.round(settings.maxFileSize * 1024 * 1024) };
  const { config, errors } = validateConfig(raw);
  return { config, errors: errors.map((e) => `settings: ${e}`) };
}
