/** Finds templates and Serverless Framework services under the paths given on the command line. */
import { type Dirent, closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mightBeTemplate } from './formats/cloudformation/template';
import { isServerlessConfigPath, mightBeServerless, notAnalysedMessage } from './formats/serverless';
import { mightBeCdk } from './formats/cdk';
import { isTerraformPath } from './formats/terraform';

/** Folders never searched: dependencies, build output, VCS data. */
export const SKIPPED_DIRS = new Set([
  'node_modules',
  '.aws-sam',
  'cdk.out',
  '.git',
  '.serverless',
  '.terraform',
  // Python virtual environments and caches (a CDK app's .venv holds the CDK itself).
  '.venv',
  'venv',
  '__pycache__',
]);
const TEMPLATE_EXTENSIONS = /\.(ya?ml|json|template)$/i;
/** Source files a CDK app's constructs are written in (declaration files hold none). */
const CODE_EXTENSIONS = /(?<!\.d)\.(ts|tsx|js|mjs|cjs|py)$/i;
/** Bytes read to decide whether a file might be a template. */
const SNIFF_BYTES = 64 * 1024;

function sniff(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const n = readSync(fd, buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export interface Discovered {
  /** Files to lint, in a stable order. */
  files: string[];
  /** Paths that do not exist or cannot be read. */
  missing: string[];
}

/**
 * Expands paths: files are taken as given; folders are searched for YAML/JSON files that look like
 * templates or services (the front door confirms after parsing), for Terraform files (`*.tf`; the
 * `.terraform` folder of downloaded modules is skipped), and for serverless.ts/.js (which the front
 * door names as not analysed).
 */
export function discover(paths: string[]): Discovered {
  const files: string[] = [];
  const missing: string[] = [];
  /** `inCdkApp`: a folder at or above holds cdk.json, so its source files may define constructs. */
  const walk = (dir: string, inCdkApp: boolean): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      missing.push(dir);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const cdkApp = inCdkApp || entries.some((e) => e.isFile() && e.name === 'cdk.json');
    const names = new Set(entries.map((e) => e.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full, cdkApp);
      } else if (entry.isFile() && cdkApp && CODE_EXTENSIONS.test(entry.name)) {
        // `tsc` writes app.js beside app.ts: the TypeScript is what was written.
        if (/\.js$/i.test(entry.name) && names.has(entry.name.replace(/\.js$/i, '.ts'))) continue;
        try {
          if (mightBeCdk(full, sniff(full))) files.push(full);
        } catch {
          missing.push(full);
        }
      } else if (entry.isFile() && isTerraformPath(entry.name)) {
        // A Terraform module is its folder: the front door reads the other .tf files beside this one.
        files.push(full);
      } else if (entry.isFile() && notAnalysedMessage(entry.name)) {
        files.push(full);
      } else if (entry.isFile() && isServerlessConfigPath(entry.name)) {
        try {
          if (mightBeServerless(sniff(full))) files.push(full);
        } catch {
          missing.push(full);
        }
      } else if (
        entry.isFile() &&
        TEMPLATE_EXTENSIONS.test(entry.name) &&
        !/^ownless\.ya?ml$/.test(entry.name)
      ) {
        try {
          if (mightBeTemplate(sniff(full))) files.push(full);
        } catch {
          missing.push(full);
        }
      }
    }
  };
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      missing.push(path);
      continue;
    }
    if (isDir) walk(path, false);
    else files.push(path);
  }
  return { files, missing };
}
