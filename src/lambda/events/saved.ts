/**
 * Saved events on disk. A function's own events live in `events/<FunctionLogicalId>/*.json`; SAM's
 * shared ones in `events/*.json` (where `sam init` puts `events/event.json`, beside template.yaml). Both
 * are looked for next to the template and, when it is another folder, in the function's code folder
 * (`CodeUri`). New events are saved next to the template, in the function's folder.
 */
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { type ParseError, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import type { LambdaFunction } from '../../core/formats/cloudformation/types';
import { asString, intrinsicOf } from '../../core/formats/cloudformation/values';

/** Where a function's saved events are looked for and saved. */
export interface SavedEventsLocation {
  /** The template's folder: the root `events/` is relative to. */
  templateDir: string;
  /** The function's logical id. */
  functionId: string;
  /** The function's code folder (`CodeUri`), when it is a local folder other than the template's. */
  codeDir?: string;
}

export interface SavedEvent {
  /** The file name without `.json`. */
  name: string;
  /** Absolute path. */
  path: string;
  /** `function`: `events/<FunctionLogicalId>/`; `shared`: SAM's `events/`. */
  folder: 'function' | 'shared';
  /** Which folder `events/` is in: the template's or the function's code folder. */
  base: 'template' | 'code';
  /** The path relative to the template's folder, with `/`: `events/OrdersFunction/create.json`. */
  relativePath: string;
}

/** The location of a function's saved events, from the template's path and the function's `CodeUri`. */
export function savedEventsLocation(templatePath: string, fn: LambdaFunction): SavedEventsLocation {
  const templateDir = dirname(resolvePath(templatePath));
  const location: SavedEventsLocation = { templateDir, functionId: fn.id };
  const code = fn.props.get(fn.type === 'AWS::Serverless::Function' ? 'CodeUri' : 'Code');
  if (code && !intrinsicOf(code.pair.value)) {
    const path = asString(code.resolved);
    if (path && !/^s3:\/\//i.test(path) && !/\.(zip|jar)$/i.test(path)) {
      const codeDir = resolvePath(templateDir, path);
      if (codeDir !== templateDir) location.codeDir = codeDir;
    }
  }
  return location;
}

async function jsonFilesIn(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort()) {
    if (!/\.json$/i.test(entry) || entry.startsWith('.')) continue;
    try {
      if ((await stat(join(dir, entry))).isFile()) files.push(entry);
    } catch {
      // a broken link: not an event
    }
  }
  return files;
}

/** The function's saved events: its own folders first (template, then code), then SAM's shared ones. */
export async function listSavedEvents(location: SavedEventsLocation): Promise<SavedEvent[]> {
  checkName(location.functionId, 'function id');
  const folders: { dir: string; folder: SavedEvent['folder']; base: SavedEvent['base'] }[] = [
    { dir: join(location.templateDir, 'events', location.functionId), folder: 'function', base: 'template' },
  ];
  if (location.codeDir)
    folders.push({
      dir: join(location.codeDir, 'events', location.functionId),
      folder: 'function',
      base: 'code',
    });
  folders.push({ dir: join(location.templateDir, 'events'), folder: 'shared', base: 'template' });
  if (location.codeDir)
    folders.push({ dir: join(location.codeDir, 'events'), folder: 'shared', base: 'code' });
  const seen = new Set<string>();
  const events: SavedEvent[] = [];
  for (const { dir, folder, base } of folders) {
    for (const file of await jsonFilesIn(dir)) {
      const path = join(dir, file);
      if (seen.has(path)) continue;
      seen.add(path);
      events.push({
        name: file.replace(/\.json$/i, ''),
        path,
        folder,
        base,
        relativePath: relative(location.templateDir, path).split(/[\\/]/).join('/'),
      });
    }
  }
  return events;
}

/** A JSON syntax error, with where it is (1-based line and column) and the line quoted. */
export class EventJsonError extends Error {
  constructor(
    readonly file: string | undefined,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    readonly excerpt: string,
  ) {
    super(
      `${file ? `${file}: ` : ''}not valid JSON at line ${line}, column ${column}: ${reason}\n${excerpt}`,
    );
    this.name = 'EventJsonError';
  }
}

/** Where a JSON text first goes wrong: JSON.parse's position, else jsonc-parser's first error. */
function locate(text: string, error: Error): { offset: number; reason: string } {
  const message = error.message;
  const position = /at position (\d+)/.exec(message);
  const reason = message
    .replace(/,\s*".*" is not valid JSON$/s, '')
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*after JSON at position \d+.*$/s, ' after the JSON value');
  if (position) return { offset: Number(position[1]), reason };
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (/Unexpected end/i.test(message)) return { offset: text.length, reason: 'unexpected end of the text' };
  const first = errors[0];
  if (!first) return { offset: 0, reason };
  const words = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return { offset: first.offset, reason: words };
}

/** The line holding `offset`, and a caret under its column. */
function excerptAt(text: string, offset: number, line: number, column: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const endAt = text.indexOf('\n', start);
  let content = text.slice(start, endAt === -1 ? text.length : endAt).replace(/\r$/, '');
  let caret = column - 1;
  if (content.length > 100) {
    const from = Math.max(0, caret - 50);
    content = `${from > 0 ? '…' : ''}${content.slice(from, from + 100)}`;
    caret = caret - from + (from > 0 ? 1 : 0);
  }
  const gutter = `${line} | `;
  return `${gutter}${content.replace(/\t/g, ' ')}\n${' '.repeat(gutter.length - 2)}| ${' '.repeat(caret)}^`;
}

/** Parses an event's JSON text; a syntax error says where (line, column, the line quoted). */
export function parseEventJson(text: string, file?: string): unknown {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const body = text.slice(bom);
  if (body.trim() === '') throw new EventJsonError(file, 0, 1, 1, 'the file is empty', '');
  try {
    return JSON.parse(body);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const { offset: found, reason } = locate(body, e);
    // An error at the end points just past the last character, not at an empty last line.
    const at = Math.min(found, body.trimEnd().length);
    const before = body.slice(0, at);
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1) + 1;
    throw new EventJsonError(file, at + bom, line, column, reason, excerptAt(body, at, line, column));
  }
}

/** Reads a saved event: its text and parsed value. Throws `EventJsonError` when it is not JSON. */
export async function readSavedEvent(path: string): Promise<{ text: string; value: unknown }> {
  const text = await readFile(path, 'utf8');
  return { text, value: parseEventJson(text, path) };
}

/** Why a name cannot be a file name in `events/`, or null when it can. */
export function invalidEventName(name: string): string | null {
  if (name.trim() === '') return 'the name is empty';
  if (/[\\/]/.test(name)) return `'${name}' contains a path separator`;
  if (name.includes('..')) return `'${name}' contains '..'`;
  if (name.startsWith('.')) return `'${name}' starts with '.'`;
  if (/[\u0000-\u001f<>:"|?*]/.test(name)) return `'${name}' contains a character file names cannot hold`;
  if (name.length > 200) return 'the name is longer than 200 characters';
  return null;
}

function checkName(name: string, what: string): void {
  const problem = invalidEventName(name);
  if (problem) throw new Error(`invalid ${what}: ${problem}`);
}

export interface SaveOptions {
  /** Replace an existing event of that name; by default saving over one fails. */
  overwrite?: boolean;
}

/**
 * Saves an event as `events/<FunctionLogicalId>/<name>.json` next to the template (folders created).
 * `event` is JSON text (checked, written as it is) or a value (written as formatted JSON). Returns the path.
 */
export async function saveEvent(
  location: SavedEventsLocation,
  name: string,
  event: unknown,
  options: SaveOptions = {},
): Promise<string> {
  const bare = name.replace(/\.json$/i, '');
  checkName(bare, 'event name');
  checkName(location.functionId, 'function id');
  let text: string;
  if (typeof event === 'string') {
    parseEventJson(event);
    text = event.endsWith('\n') ? event : `${event}\n`;
  } else {
    text = `${JSON.stringify(event, null, 2)}\n`;
  }
  const dir = join(location.templateDir, 'events', location.functionId);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${bare}.json`);
  try {
    await writeFile(path, text, { encoding: 'utf8', flag: options.overwrite ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new Error(`an event named '${bare}' already exists (${path}); save with overwrite to replace it`);
    throw e;
  }
  return path;
}
