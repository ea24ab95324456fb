/**
 * TypeScript handlers are bundled with esbuild before they run, as `sam build` does for
 * `BuildMethod: esbuild`. Bundles go to a cache folder and are rebuilt only when one of their inputs
 * changed, so a cold start after an edit runs the new code and other cold starts cost a few stats.
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';

type Esbuild = typeof import('esbuild');

export interface BundleRequest {
  entry: string;
  outFile: string;
  /** esbuild target, e.g. `node20`. */
  target: string;
  format: 'cjs' | 'esm';
  external: string[];
  /** Folder whose node_modules is searched first for esbuild (the project's own version wins). */
  projectDir: string;
}

/** A bundle that failed: esbuild's messages, as a user would read them. */
export class BundleError extends Error {}

interface Stamp {
  key: string;
  inputs: Record<string, number>;
}

const inFlight = new Map<string, Promise<void>>();

function loadEsbuild(projectDir: string): Esbuild {
  for (const base of [join(projectDir, 'package.json'), __filename]) {
    try {
      return createRequire(base)('esbuild') as Esbuild;
    } catch {
      // try the next place
    }
  }
  throw new BundleError(
    'TypeScript handlers are bundled with esbuild, which is not installed: npm install --save-dev esbuild',
  );
}

function upToDate(stampFile: string, key: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as Stamp;
    if (stamp.key !== key) return false;
    return Object.entries(stamp.inputs).every(([file, mtime]) => statSync(file).mtimeMs === mtime);
  } catch {
    return false;
  }
}

async function build(request: BundleRequest, stampFile: string, key: string): Promise<void> {
  const esbuild = loadEsbuild(request.projectDir);
  let result: import('esbuild').BuildResult<{ metafile: true }>;
  try {
    result = await esbuild.build({
      entryPoints: [request.entry],
      outfile: request.outFile,
      bundle: true,
      platform: 'node',
      target: request.target,
      format: request.format,
      external: request.external,
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: request.projectDir,
    });
  } catch (error) {
    const failure = error as {
      errors?: { text: string; location?: { file: string; line: number; column: number } }[];
    };
    const messages = (failure.errors ?? []).map((e) =>
      e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text,
    );
    throw new BundleError(messages.length ? messages.join('\n') : String(error));
  }
  const inputs: Record<string, number> = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    const absolute = resolvePath(request.projectDir, file);
    if (existsSync(absolute)) inputs[absolute] = statSync(absolute).mtimeMs;
  }
  writeFileSync(stampFile, JSON.stringify({ key, inputs } satisfies Stamp));
}

/** Bundles `entry` into `outFile` unless the bundle there is already built from the same inputs. */
export async function bundleTypeScript(request: BundleRequest): Promise<void> {
  const stampFile = `${request.outFile}.inputs.json`;
  const key = JSON.stringify([request.entry, request.target, request.format, request.external]);
  if (existsSync(request.outFile) && upToDate(stampFile, key)) return;
  // Concurrent cold starts of one function share one build.
  let pending = inFlight.get(request.outFile);
  if (!pending) {
    mkdirSync(dirname(request.outFile), { recursive: true });
    pending = build(request, stampFile, key).finally(() => inFlight.delete(request.outFile));
    inFlight.set(request.outFile, pending);
  }
  await pending;
}
