/**
 * The configuration each document is analysed with: the editor's settings for its folder, under the
 * nearest `ownless.yaml` above it. Both are cached and dropped when they change; an `ownless.yaml`
 * with errors is reported on itself and its valid parts still apply.
 */
import {
  type OwnlessConfig,
  type ResolvedConfig,
  findConfigFile,
  mergeConfigs,
  parseConfigText,
  readConfigText,
  resolveConfig,
} from '../core';
import { dirname } from 'node:path';
import { type EditorSettings, settingsToConfig } from './settings';
import { uriToPath } from './uri';

export interface ConfigFileState {
  path: string;
  config: OwnlessConfig;
  errors: string[];
  text: string;
}

export interface DocumentConfig {
  config: ResolvedConfig;
  settings: EditorSettings;
  /** The ownless.yaml that applies, if any. */
  file?: ConfigFileState;
}

export interface ConfigIo {
  /** Asks the client for the `ownless` section at a scope (null when the client cannot be asked). */
  fetchSettings(scopeUri: string): Promise<EditorSettings | null>;
  /** Reads a config file: the open document's text when it is open, else the disk. */
  readText?(path: string): string;
  /** Called once per read of a config file, to report its errors where it is. */
  onConfigFile?(state: ConfigFileState): void;
  /** Called with each invalid editor setting. */
  onSettingsError?(message: string): void;
}

export class ConfigResolver {
  private readonly settingsByScope = new Map<string, Promise<EditorSettings>>();
  private readonly fileByDir = new Map<string, string | undefined>();
  private readonly files = new Map<string, ConfigFileState>();

  constructor(private readonly io: ConfigIo) {}

  /** Settings changed in the editor. */
  clearSettings(): void {
    this.settingsByScope.clear();
  }

  /** An ownless.yaml was created, changed or deleted: every lookup may now differ. */
  clearFiles(): void {
    this.fileByDir.clear();
    this.files.clear();
  }

  /** The state of every config file read so far (to report their errors). */
  configFiles(): ConfigFileState[] {
    return [...this.files.values()];
  }

  configFile(path: string): ConfigFileState | undefined {
    let state = this.files.get(path);
    if (!state) {
      let text: string;
      try {
        text = this.io.readText ? this.io.readText(path) : readConfigText(path);
      } catch (e) {
        state = { path, config: {}, errors: [`cannot read ${path}: ${(e as Error).message}`], text: '' };
        this.files.set(path, state);
        this.io.onConfigFile?.(state);
        return state;
      }
      const { config, errors } = parseConfigText(text);
      state = { path, config, errors, text };
      this.files.set(path, state);
      this.io.onConfigFile?.(state);
    }
    return state;
  }

  private settings(uri: string): Promise<EditorSettings> {
    let settings = this.settingsByScope.get(uri);
    if (!settings) {
      settings = this.io.fetchSettings(uri).then(
        (s) => s ?? {},
        () => ({}),
      );
      this.settingsByScope.set(uri, settings);
    }
    return settings;
  }

  async resolve(uri: string): Promise<DocumentConfig> {
    const settings = await this.settings(uri);
    const fromSettings = settingsToConfig(settings);
    for (const error of fromSettings.errors) this.io.onSettingsError?.(error);
    const path = uriToPath(uri);
    let file: ConfigFileState | undefined;
    if (path) {
      const dir = dirname(path);
      let configPath = this.fileByDir.get(dir);
      if (!this.fileByDir.has(dir)) {
        configPath = findConfigFile(dir);
        this.fileByDir.set(dir, configPath);
      }
      if (configPath) file = this.configFile(configPath);
    }
    const merged = file ? mergeConfigs(fromSettings.config, file.config) : fromSettings.config;
    const config = resolveConfig(merged);
    if (file) {
      config.path = file.path;
      config.baseDir = dirname(file.path);
    }
    return { config, settings, file };
  }
}
