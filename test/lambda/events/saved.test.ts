/** Saved events: listing the function's and SAM's folders, reading with clear JSON errors, saving safely. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/core/formats/cloudformation/build';
import { parseTemplate } from '../../../src/core/formats/cloudformation/template';
import {
  EventJsonError,
  type SavedEventsLocation,
  invalidEventName,
  listSavedEvents,
  parseEventJson,
  readSavedEvent,
  saveEvent,
  savedEventsLocation,
} from '../../../src/lambda/events';

let root: string;
let location: SavedEventsLocation;

function write(relative: string, text: string): string {
  const path = join(root, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ownless-events-'));
  location = { templateDir: root, functionId: 'OrdersFunction' };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('savedEventsLocation', () => {
  const model = (text: string) => buildModel(parseTemplate(text, '/app/template.yaml'));

  it("is the template's folder, plus the CodeUri folder when it is another local folder", () => {
    const m = model(`
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    CodeUri: shared/
Resources:
  A: { Type: AWS::Serverless::Function, Properties: { CodeUri: src/a, Handler: x.y, Runtime: nodejs20.x } }
  B: { Type: AWS::Serverless::Function, Properties: { CodeUri: ., Handler: x.y, Runtime: nodejs20.x } }
  C: { Type: AWS::Serverless::Function, Properties: { CodeUri: s3://bucket/code.zip, Handler: x.y, Runtime: nodejs20.x } }
  D: { Type: AWS::Serverless::Function, Properties: { Handler: x.y, Runtime: nodejs20.x } }
  E: { Type: AWS::Lambda::Function, Properties: { Code: { ZipFile: x }, Handler: x.y, Runtime: nodejs20.x, Role: r } }
`);
    const at = (id: string) =>
      savedEventsLocation(
        '/app/template.yaml',
        m.functions.find((f) => f.id === id)!,
      );
    expect(at('A')).toEqual({ templateDir: '/app', functionId: 'A', codeDir: '/app/src/a' });
    expect(at('B')).toEqual({ templateDir: '/app', functionId: 'B' });
    expect(at('C')).toEqual({ templateDir: '/app', functionId: 'C' });
    expect(at('D')).toEqual({ templateDir: '/app', functionId: 'D', codeDir: '/app/shared' });
    expect(at('E')).toEqual({ templateDir: '/app', functionId: 'E' });
  });
});

describe('listSavedEvents', () => {
  it("lists the function's events, then SAM's shared events/*.json, sorted, JSON files only", async () => {
    write('events/OrdersFunction/b-update.json', '{}');
    write('events/OrdersFunction/a-create.json', '{}');
    write('events/OrdersFunction/notes.txt', 'not an event');
    write('events/event.json', '{}'); // what sam init creates
    write('events/OtherFunction/theirs.json', '{}');
    mkdirSync(join(root, 'events', 'folder.json'));
    const events = await listSavedEvents(location);
    expect(events.map((e) => [e.name, e.folder, e.base, e.relativePath])).toEqual([
      ['a-create', 'function', 'template', 'events/OrdersFunction/a-create.json'],
      ['b-update', 'function', 'template', 'events/OrdersFunction/b-update.json'],
      ['event', 'shared', 'template', 'events/event.json'],
    ]);
    expect(events[0].path).toBe(join(root, 'events', 'OrdersFunction', 'a-create.json'));
  });

  it('also looks in the code folder, and lists nothing when there is no events folder', async () => {
    expect(await listSavedEvents(location)).toEqual([]);
    write('src/orders/events/OrdersFunction/local.json', '{}');
    write('src/orders/events/sample.json', '{}');
    const events = await listSavedEvents({ ...location, codeDir: join(root, 'src', 'orders') });
    expect(events.map((e) => [e.name, e.folder, e.base, e.relativePath])).toEqual([
      ['local', 'function', 'code', 'src/orders/events/OrdersFunction/local.json'],
      ['sample', 'shared', 'code', 'src/orders/events/sample.json'],
    ]);
  });
});

describe('reading saved events', () => {
  it('reads the text and the value', async () => {
    const path = write('events/OrdersFunction/ok.json', '{ "Records": [] }\n');
    expect(await readSavedEvent(path)).toEqual({ text: '{ "Records": [] }\n', value: { Records: [] } });
    const bom = write('events/OrdersFunction/bom.json', '\uFEFF{"a": 1}');
    expect((await readSavedEvent(bom)).value).toEqual({ a: 1 });
  });

  it('a syntax error says the file, the line and column, and quotes the line with a caret', async () => {
    const path = write('events/OrdersFunction/bad.json', '{\n  "a": 1\n  "b": 2\n}\n');
    const error = await readSavedEvent(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventJsonError);
    const e = error as EventJsonError;
    expect([e.line, e.column, e.offset]).toEqual([3, 3, 13]);
    expect(e.message).toBe(
      `${path}: not valid JSON at line 3, column 3: Expected ',' or '}' after property value\n` +
        '3 |   "b": 2\n' +
        '  |   ^',
    );
  });

  it.each([
    ['{"a": tru}', 1, 7],
    ['{"a": 1,}', 1, 9],
    ['[1, 2] x', 1, 8],
    ['{\n  "a": [1, 2\n', 2, 13],
    ['{"a":', 1, 6],
    ['{"a": 1} // comment', 1, 10],
  ])('locates the error in %j at line %i, column %i', (text, line, column) => {
    try {
      parseEventJson(text, 'x.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EventJsonError);
      expect([(e as EventJsonError).line, (e as EventJsonError).column]).toEqual([line, column]);
      expect((e as Error).message).toMatch(
        new RegExp(`^x\\.json: not valid JSON at line ${line}, column ${column}: `),
      );
    }
  });

  it('an empty file is an error of its own', () => {
    expect(() => parseEventJson('  \n', 'empty.json')).toThrow(
      'empty.json: not valid JSON at line 1, column 1: the file is empty',
    );
  });
});

describe('saveEvent', () => {
  it('saves events/<function>/<name>.json beside the template, creating the folders', async () => {
    const path = await saveEvent(location, 'create-order', { orderId: '1' });
    expect(path).toBe(join(root, 'events', 'OrdersFunction', 'create-order.json'));
    expect(readFileSync(path, 'utf8')).toBe('{\n  "orderId": "1"\n}\n');
    const listed = await listSavedEvents(location);
    expect(listed.map((e) => e.name)).toEqual(['create-order']);
  });

  it('writes JSON text as it is (a .json suffix in the name is accepted), and refuses text that is not JSON', async () => {
    const path = await saveEvent(location, 'typed.json', '{"a":1}');
    expect(path.endsWith(join('OrdersFunction', 'typed.json'))).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    await expect(saveEvent(location, 'broken', '{"a":')).rejects.toBeInstanceOf(EventJsonError);
    expect(existsSync(join(root, 'events', 'OrdersFunction', 'broken.json'))).toBe(false);
  });

  it('does not overwrite unless asked', async () => {
    await saveEvent(location, 'same', { v: 1 });
    await expect(saveEvent(location, 'same', { v: 2 })).rejects.toThrow(
      /an event named 'same' already exists/,
    );
    expect(JSON.parse(readFileSync(join(root, 'events', 'OrdersFunction', 'same.json'), 'utf8'))).toEqual({
      v: 1,
    });
    await saveEvent(location, 'same', { v: 3 }, { overwrite: true });
    expect(JSON.parse(readFileSync(join(root, 'events', 'OrdersFunction', 'same.json'), 'utf8'))).toEqual({
      v: 3,
    });
  });

  it.each(['../escape', 'a/b', 'a\\b', '..', 'x..y', '', '  ', '.hidden', 'con:1'])(
    'refuses the name %j',
    async (name) => {
      expect(invalidEventName(name)).not.toBeNull();
      await expect(saveEvent(location, name, {})).rejects.toThrow(/invalid event name/);
      expect(existsSync(join(root, 'events'))).toBe(false);
      expect(existsSync(join(root, '..', 'escape.json'))).toBe(false);
    },
  );

  it('refuses a function id that would leave the events folder', async () => {
    await expect(saveEvent({ templateDir: root, functionId: '../x' }, 'a', {})).rejects.toThrow(
      /invalid function id/,
    );
    await expect(listSavedEvents({ templateDir: root, functionId: '..' })).rejects.toThrow(
      /invalid function id/,
    );
  });
});
