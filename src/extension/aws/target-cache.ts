/**
 * The AWS target (profile, region, endpoint) of the sidebar's actions, resolved once and kept until
 * what it comes from changes: the `ownless.aws.*` settings, the environment variables the region
 * depends on, or the shared config and credentials files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
 * else ~/.aws/config and ~/.aws/credentials), which are watched. The tree asks for the target on every
 * render, and reading both files each time is what this saves. Nothing read here is logged: the
 * target holds a profile name, a region and an endpoint, never a key.
 */
import { type FSWatcher, existsSync, watch } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { awsConfigPaths, resolveRegion } from '../../lambda/aws';
import type { AwsTarget } from '../sidebar/aws-group';

/** Shown in the tree's group label when no region is configured (actions then explain how to set one). */
export const NO_REGION = 'no region';

/** The `ownless.aws.*` settings, blank ones left out. */
export interface AwsSettings {
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

/** Editors save in bursts (truncate, write, rename): one notice per burst. */
const SETTLE_MS = 100;

/** Resolves the target now, reading the shared files (see resolveRegion for the region's order). */
export function resolveTarget(settings: AwsSettings, env: NodeJS.ProcessEnv = process.env): AwsTarget {
  return {
    profile: settings.profile ?? (env.AWS_PROFILE || undefined),
    region: resolveRegion(settings, env)?.region ?? NO_REGION,
    endpointUrl: settings.endpointUrl,
  };
}

/** The last target resolved, with the watch on the files it was read from. */
export class TargetCache {
  private cached: { key: string; target: AwsTarget } | undefined;
  private watching: { key: string; stop: () => void } | undefined;
  private settle: NodeJS.Timeout | undefined;

  /** `filesChanged` is called (once per burst of writes) after a watched file changed, appeared or went. */
  constructor(
    private readonly filesChanged: () => void,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The target of these settings: cached, unless a setting, a variable or a watched file changed since. */
  get(settings: AwsSettings): AwsTarget {
    const paths = awsConfigPaths(this.env);
    this.watch([paths.config, paths.credentials]);
    const { AWS_PROFILE, AWS_REGION, AWS_DEFAULT_REGION } = this.env;
    const key = JSON.stringify([settings, paths, AWS_PROFILE, AWS_REGION, AWS_DEFAULT_REGION]);
    if (this.cached?.key !== key) this.cached = { key, target: resolveTarget(settings, this.env) };
    return this.cached.target;
  }

  /** Forgets the target: the next `get` reads the files again. */
  invalidate(): void {
    this.cached = undefined;
  }

  /** The files watched now (for tests). */
  get watchedFiles(): string[] {
    return this.watching ? (JSON.parse(this.watching.key) as string[]) : [];
  }

  private watch(files: string[]): void {
    const key = JSON.stringify(files);
    if (this.watching?.key === key) return;
    this.watching?.stop();
    this.watching = { key, stop: watchFiles(files, () => this.changed()) };
  }

  private changed(): void {
    // At once, so that a target asked for during the burst is read again; the notice once it settles.
    this.invalidate();
    clearTimeout(this.settle);
    this.settle = setTimeout(() => this.filesChanged(), SETTLE_MS);
  }

  dispose(): void {
    clearTimeout(this.settle);
    this.watching?.stop();
    this.watching = undefined;
  }
}

/**
 * Calls `changed` when one of the files is written, created, deleted or replaced. Each file's folder is
 * watched (an editor may replace the file, which ends a watch on the file itself); a folder that does
 * not exist yet is waited for from its nearest existing ancestor. The watches keep no process alive.
 * Returns a function that stops them.
 */
export function watchFiles(files: readonly string[], changed: () => void): () => void {
  const byFolder = new Map<string, Set<string>>();
  for (const file of files) {
    const folder = dirname(file);
    byFolder.set(folder, (byFolder.get(folder) ?? new Set()).add(basename(file)));
  }
  const stops = [...byFolder].map(([folder, names]) => watchFolder(folder, names, changed));
  return () => stops.forEach((stop) => stop());
}

function watchFolder(folder: string, names: Set<string>, changed: () => void): () => void {
  let watcher: FSWatcher | undefined;
  let stopped = false;
  const arm = (): void => {
    watcher?.close();
    watcher = undefined;
    if (stopped) return;
    if (existsSync(folder)) {
      watcher = tryWatch(folder, (name) => {
        if (!existsSync(folder)) {
          arm(); // the folder went: wait for it to come back
          changed();
        } else if (name === null || names.has(name)) changed();
      });
      if (watcher) return;
    }
    // Not there (yet): watch the nearest ancestor that is, for the next folder on the way to appear.
    let ancestor = folder;
    let next = '';
    while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) {
      next = basename(ancestor);
      ancestor = dirname(ancestor);
    }
    watcher = tryWatch(ancestor, (name) => {
      if (name !== null && name !== next) return;
      arm();
      // The folder may have come with the files already in it (moved there, or written at once).
      if ([...names].some((n) => existsSync(join(folder, n)))) changed();
    });
  };
  arm();
  return () => {
    stopped = true;
    watcher?.close();
    watcher = undefined;
  };
}

/** fs.watch that keeps no process alive; undefined when the folder cannot be watched. */
function tryWatch(folder: string, onEvent: (name: string | null) => void): FSWatcher | undefined {
  try {
    const watcher = watch(folder, { persistent: false }, (_event, name) => onEvent(name));
    // The folder went under the watch (some platforms say so with an error): report it as a change.
    watcher.on('error', () => onEvent(null));
    return watcher;
  } catch {
    return undefined;
  }
}
