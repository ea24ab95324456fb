/**
 * The AWS profiles configured on this machine and the region an action goes to. Profiles are read
 * from the shared config and credentials files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else
 * ~/.aws/config and ~/.aws/credentials) only to list names, regions and kinds: no key, secret or
 * token read here ever leaves this module.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type ProfileKind = 'sso' | 'static' | 'assume-role' | 'web-identity' | 'process' | 'other';

export interface AwsProfile {
  name: string;
  region?: string;
  /** How the profile gets credentials (so a picker can say "SSO" or suggest `aws sso login`). */
  kind: ProfileKind;
  /** The files that define it. */
  sources: ('config' | 'credentials')[];
}

export interface AwsConfigPaths {
  config: string;
  credentials: string;
}

export function awsConfigPaths(env: NodeJS.ProcessEnv = process.env): AwsConfigPaths {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

type IniSections = Map<string, Map<string, string>>;

/**
 * The sections of an AWS ini file. Indented lines continue a nested setting (`s3 =` followed by
 * `  max_concurrent_requests = 5`) and are skipped: nothing listed here lives in them.
 */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;]|$)/.test(raw)) continue;
    if (/^\s/.test(raw) && current) continue;
    const line = raw.trim();
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      const name = header[1].trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0 && current) current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return sections;
}

function readIni(path: string): IniSections {
  try {
    return parseIni(readFileSync(path, 'utf8'));
  } catch {
    return new Map(); // no file is no profile, not an error
  }
}

/** `[default]` and `[profile x]` of the config file, by profile name (other sections are not profiles). */
function configProfiles(sections: IniSections): Map<string, Map<string, string>> {
  const profiles = new Map<string, Map<string, string>>();
  for (const [section, settings] of sections) {
    if (section === 'default')
      profiles.set('default', new Map([...(profiles.get('default') ?? []), ...settings]));
    const named = /^profile\s+(.+)$/.exec(section);
    if (named)
      profiles.set(named[1].trim(), new Map([...(profiles.get(named[1].trim()) ?? []), ...settings]));
  }
  return profiles;
}

function kindOf(settings: Map<string, string>): ProfileKind {
  if (settings.has('sso_session') || settings.has('sso_start_url')) return 'sso';
  if (settings.has('role_arn'))
    return settings.has('web_identity_token_file') ? 'web-identity' : 'assume-role';
  if (settings.has('credential_process')) return 'process';
  if (settings.has('aws_access_key_id')) return 'static';
  return 'other';
}

/** Every configured profile, sorted by name: `default` first. */
export function listProfiles(env: NodeJS.ProcessEnv = process.env): AwsProfile[] {
  const paths = awsConfigPaths(env);
  const config = configProfiles(readIni(paths.config));
  const credentials = readIni(paths.credentials);
  const names = new Set([...config.keys(), ...credentials.keys()]);
  const profiles = [...names].map((name): AwsProfile => {
    const fromConfig = config.get(name);
    const fromCredentials = credentials.get(name);
    const merged = new Map([...(fromCredentials ?? []), ...(fromConfig ?? [])]);
    return {
      name,
      region: fromConfig?.get('region') || fromCredentials?.get('region') || undefined,
      kind: kindOf(merged),
      sources: [
        ...(fromConfig ? ['config' as const] : []),
        ...(fromCredentials ? ['credentials' as const] : []),
      ],
    };
  });
  return profiles.sort((a, b) =>
    a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

export type RegionSource = 'explicit' | 'profile' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'endpoint default';

export interface ResolvedRegion {
  region: string;
  source: RegionSource;
}

/** The region emulators get when nothing names one: they accept any, and most default to it. */
export const EMULATOR_DEFAULT_REGION = 'us-east-1';

/**
 * The region of an action: the one given; else the region of a profile chosen explicitly (a choice
 * made in the picker or with --profile carries its region); else AWS_REGION, AWS_DEFAULT_REGION, then
 * the region of the ambient profile (AWS_PROFILE or default) — the SDK's and the AWS CLI's order. With
 * an endpoint URL (LocalStack, moto) and no region anywhere, us-east-1; against AWS, undefined: a
 * region is never guessed for real resources.
 */
export function resolveRegion(
  options: { region?: string; profile?: string; endpointUrl?: string },
  env: NodeJS.ProcessEnv = process.env,
): ResolvedRegion | undefined {
  if (options.region) return { region: options.region, source: 'explicit' };
  const profiles = listProfiles(env);
  const regionOf = (name: string | undefined): string | undefined =>
    name === undefined ? undefined : profiles.find((p) => p.name === name)?.region;
  const chosen = regionOf(options.profile);
  if (chosen) return { region: chosen, source: 'profile' };
  if (env.AWS_REGION) return { region: env.AWS_REGION, source: 'AWS_REGION' };
  if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, source: 'AWS_DEFAULT_REGION' };
  const ambient = regionOf(options.profile ? undefined : (env.AWS_PROFILE ?? 'default'));
  if (ambient) return { region: ambient, source: 'profile' };
  if (options.endpointUrl) return { region: EMULATOR_DEFAULT_REGION, source: 'endpoint default' };
  return undefined;
}
