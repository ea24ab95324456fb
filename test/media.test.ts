/**
 * The static editor assets in media/: the marketplace icon (a valid 128×128 PNG, still what
 * scripts/make-icon.mjs renders), the SVG icons (well-formed, with a viewBox; the activity-bar one
 * 24×24 in a single colour), and the "Get started" walkthrough, whose examples are run through the
 * real engine so that every finding, fix and suppression it shows is what Ownless does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { runInNewContext } from 'node:vm';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/core/config/config';
import { type LintResult, lintText } from '../src/core/engine';
import { applyFixes } from '../src/core/fix/apply';
import { applyOffsetEdits } from '../src/core/fix/edits';
import { fixAll } from '../src/core/fix/fix-all';
import { suppressionEdits } from '../src/core/fix/suppress';
import type { Host } from '../src/core/rules/types';

const ROOT = join(__dirname, '..');
const MEDIA = join(ROOT, 'media');

// ---------------------------------------------------------------------------------------------------
// PNG

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Chunk {
  type: string;
  data: Buffer;
}

/** Splits a PNG into chunks, checking the signature and every chunk's CRC. */
function chunks(png: Buffer): Chunk[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const result: Chunk[] = [];
  let at = 8;
  while (at < png.length) {
    expect(at + 12).toBeLessThanOrEqual(png.length);
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    expect(type).toMatch(/^[A-Za-z]{4}$/);
    const data = png.subarray(at + 8, at + 8 + length);
    const crc = png.readUInt32BE(at + 8 + length);
    expect(crc32(png.subarray(at + 4, at + 8 + length)), `CRC of ${type}`).toBe(crc);
    result.push({ type, data });
    at += 12 + length;
  }
  expect(at).toBe(png.length);
  return result;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses PNG's per-row filters (all five types) for 8-bit RGBA. */
function unfilter(raw: Buffer, width: number, height: number): Buffer {
  const bpp = 4;
  const stride = width * bpp;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    expect(filter).toBeLessThanOrEqual(4);
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const a = x >= bpp ? out[y * stride + x - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      out[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return out;
}

describe('media/icon.png', () => {
  const png = readFileSync(join(MEDIA, 'icon.png'));
  const list = chunks(png);
  const ihdr = list[0];
  const width = ihdr.data.readUInt32BE(0);
  const height = ihdr.data.readUInt32BE(4);

  it('is a 128×128 8-bit RGBA PNG with valid chunks', () => {
    expect(ihdr.type).toBe('IHDR');
    expect(ihdr.data.length).toBe(13);
    expect([width, height]).toEqual([128, 128]);
    expect([...ihdr.data.subarray(8)]).toEqual([8, 6, 0, 0, 0]); // depth, RGBA, deflate, filter 0, no interlace
    expect(list.at(-1)).toEqual({ type: 'IEND', data: Buffer.alloc(0) });
    expect(list.filter((c) => c.type === 'IHDR')).toHaveLength(1);
    const types = list.map((c) => c.type);
    const idat = types.flatMap((t, i) => (t === 'IDAT' ? [i] : []));
    expect(idat.length).toBeGreaterThan(0);
    expect(idat.at(-1)! - idat[0]).toBe(idat.length - 1); // consecutive, as the format requires
  });

  it('inflates to exactly one filter byte and 128 RGBA pixels per row', () => {
    const raw = inflateSync(Buffer.concat(list.filter((c) => c.type === 'IDAT').map((c) => c.data)));
    expect(raw.length).toBe((width * 4 + 1) * height);
  });

  it('shows the design: transparent corners, an opaque gradient square, a white λ', () => {
    const raw = inflateSync(Buffer.concat(list.filter((c) => c.type === 'IDAT').map((c) => c.data)));
    const pixels = unfilter(raw, width, height);
    const at = (x: number, y: number) => [...pixels.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
    for (const [x, y] of [
      [0, 0],
      [127, 0],
      [0, 127],
      [127, 127],
    ])
      expect(at(x, y)[3], `alpha at ${x},${y}`).toBe(0);
    expect(at(64, 2)[3]).toBe(255);
    expect(at(2, 64)[3]).toBe(255);
    const topLeft = at(12, 12);
    const bottomRight = at(115, 115);
    expect(topLeft[2]).toBeGreaterThan(topLeft[1]); // violet
    expect(bottomRight[1]).toBeGreaterThan(bottomRight[0]); // teal
    let white = 0;
    for (let i = 0; i < pixels.length; i += 4)
      if (pixels[i] === 255 && pixels[i + 1] === 255 && pixels[i + 2] === 255) white++;
    expect(white).toBeGreaterThan(1000);
    expect(white).toBeLessThan(128 * 128 * 0.4);
  });

  it('is what scripts/make-icon.mjs renders (and so is media/icon.svg)', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'scripts', 'make-icon.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(out).toContain('up to date');
  });
});

// ---------------------------------------------------------------------------------------------------
// SVG

interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
}

const NAME = '[A-Za-z_][\\w.:-]*';
const ATTRIBUTE = new RegExp(`\\s+(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'y');
const ENTITY = /&(?:[A-Za-z_][\w.-]*|#\d+|#x[\da-fA-F]+);/g;

/**
 * A small well-formedness check for XML without a DTD: one root element, tags nested and closed,
 * attributes quoted and not repeated, `<` and `&` only where XML allows them. Returns the root.
 */
function parseXml(text: string): XmlElement {
  const source = text.replace(/^\uFEFF/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  const fail = (message: string): never => {
    const line = source.slice(0, at).split('\n').length;
    throw new Error(`not well-formed XML (line ${line}): ${message}`);
  };
  const text_ = (chunk: string) => {
    if (chunk.replace(ENTITY, '').includes('&')) fail('bare &');
    if (stack.length === 0 && chunk.trim() !== '') fail('text outside the root element');
  };
  const declaration = /^<\?xml\s[^?]*\?>/.exec(source);
  if (declaration) at = declaration[0].length;
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    if (lt < 0) {
      text_(source.slice(at));
      break;
    }
    text_(source.slice(at, lt));
    at = lt;
    if (source.startsWith('<!--', at)) {
      const end = source.indexOf('-->', at + 4);
      if (end < 0 || source.slice(at + 4, end).includes('--')) fail('bad comment');
      at = end + 3;
    } else if (source.startsWith('<![CDATA[', at)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      const end = source.indexOf(']]>', at);
      if (end < 0) fail('unterminated CDATA');
      at = end + 3;
    } else if (source.startsWith('</', at)) {
      const close = new RegExp(`</(${NAME})\\s*>`, 'y');
      close.lastIndex = at;
      const match = close.exec(source) ?? fail('bad end tag');
      const open = stack.pop() ?? fail(`unexpected </${match[1]}>`);
      if (open.name !== match[1]) fail(`</${match[1]}> closes <${open.name}>`);
      at = close.lastIndex;
    } else {
      const start = new RegExp(`<(${NAME})`, 'y');
      start.lastIndex = at;
      const match = start.exec(source) ?? fail('bad start tag');
      const element: XmlElement = { name: match[1], attributes: new Map(), children: [] };
      at = start.lastIndex;
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const attribute = ATTRIBUTE.exec(source);
        if (!attribute) break;
        if (element.attributes.has(attribute[1])) fail(`repeated attribute ${attribute[1]}`);
        const value = attribute[2] ?? attribute[3];
        if (value.replace(ENTITY, '').includes('&')) fail('bare & in an attribute');
        element.attributes.set(attribute[1], value);
        at = ATTRIBUTE.lastIndex;
      }
      const end = /\s*(\/?)>/y;
      end.lastIndex = at;
      const closing = end.exec(source) ?? fail(`bad start tag <${element.name}`);
      at = end.lastIndex;
      if (stack.length > 0) stack[stack.length - 1].children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (!closing[1]) stack.push(element);
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1].name}> is not closed`);
  return root ?? fail('no root element');
}

function* descendants(element: XmlElement): Generator<XmlElement> {
  yield element;
  for (const child of element.children) yield* descendants(child);
}

describe('the XML check', () => {
  it('rejects what is not well-formed', () => {
    expect(() => parseXml('<svg><g></svg>')).toThrow(/closes/);
    expect(() => parseXml('<svg a="1" a="2"/>')).toThrow(/repeated/);
    expect(() => parseXml('<svg>a & b</svg>')).toThrow(/bare &/);
    expect(() => parseXml('<svg/><svg/>')).toThrow(/second root/);
    expect(() => parseXml('<svg x=1/>')).toThrow(/bad start tag/);
    expect(() => parseXml('<svg>')).toThrow(/not closed/);
    expect(parseXml('<?xml version="1.0"?>\n<svg a=\'1\'><!-- c --><g>&amp;&#38;</g></svg>\n').name).toBe(
      'svg',
    );
  });
});

describe.each([
  ['icon.svg', '0 0 128 128'],
  ['ownless-activitybar.svg', '0 0 24 24'],
])('media/%s', (file, viewBox) => {
  const root = parseXml(readFileSync(join(MEDIA, file), 'utf8'));

  it('is a well-formed SVG with a viewBox', () => {
    expect(root.name).toBe('svg');
    expect(root.attributes.get('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.attributes.get('viewBox')).toBe(viewBox);
    const size = viewBox.split(' ')[2];
    expect([root.attributes.get('width'), root.attributes.get('height')]).toEqual([size, size]);
    expect([...descendants(root)].filter((e) => e.name === 'path').length).toBeGreaterThan(0);
  });
});

describe('media/ownless-activitybar.svg', () => {
  const root = parseXml(readFileSync(join(MEDIA, 'ownless-activitybar.svg'), 'utf8'));

  it('uses a single colour, as VS Code asks of activity-bar icons', () => {
    const colours = new Set<string>();
    for (const element of descendants(root)) {
      for (const name of ['fill', 'stroke', 'color', 'stop-color']) {
        const value = element.attributes.get(name);
        if (value && value !== 'none') colours.add(value.toLowerCase());
      }
      expect(element.attributes.has('style')).toBe(false);
      expect(['linearGradient', 'radialGradient', 'image', 'filter']).not.toContain(element.name);
    }
    expect([...colours]).toEqual(['#c5c5c5']);
  });
});

// ---------------------------------------------------------------------------------------------------
// Walkthrough

/** The `contributes.walkthroughs` entry for package.json (checked against it once it is there). */
const WALKTHROUGH = {
  id: 'ownless.getStarted',
  title: 'Get started with Ownless',
  description:
    'Own less, build more: the Serverless Compute Manifesto in four steps. Find a deviation, fix it or accept it with a reason, and invoke a function on your machine.',
  steps: [
    {
      id: 'ownless.getStarted.firstFinding',
      title: 'Your first finding',
      description:
        'Open a SAM template: a function with VpcConfig is flagged by network/no-vpc, in the editor and in the Problems panel.\n[Open a sample template](command:ownless.openSampleTemplate)',
      media: { markdown: 'media/walkthrough/1-first-finding.md' },
      completionEvents: ['onCommand:ownless.openSampleTemplate', 'onView:workbench.panel.markers.view'],
    },
    {
      id: 'ownless.getStarted.applyFix',
      title: 'Apply a fix',
      description:
        'Press Ctrl+. on a finding for its quick fix. Fix all applies every safe fix in the file at once.\n[Fix all safe findings](command:ownless.fixAll)',
      media: { markdown: 'media/walkthrough/2-apply-a-fix.md' },
      completionEvents: ['onCommand:ownless.fixAll'],
    },
    {
      id: 'ownless.getStarted.acceptDeviation',
      title: 'Accept a deviation, with a reason',
      description:
        'When a deviation is justified, record why: "Accept this deviation…" writes # ownless-ignore <rule-id>: <reason> above the flagged line.',
      media: { markdown: 'media/walkthrough/3-accept-a-deviation.md' },
      completionEvents: ['onCommand:ownless.acceptDeviation'],
    },
    {
      id: 'ownless.getStarted.invoke',
      title: 'Invoke a function locally',
      description:
        'Run a function on your machine, without Docker: the Invoke code lens above it, or the Ownless view.\n[Open the Ownless view](command:workbench.view.extension.ownless)',
      media: { markdown: 'media/walkthrough/4-invoke-a-function.md' },
      completionEvents: ['onCommand:ownless.invokeFunction', 'onView:ownless.functions'],
    },
  ],
};

const PREAMBLE = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n";

/** The examples assume `src/app.js` exists (a path without an extension is a folder). */
const host: Host = {
  exists: (path) => {
    const p = posix.normalize(path.replace(/\\/g, '/'));
    return p === 'src/app.js' || posix.extname(p) === '';
  },
};

function lint(text: string): LintResult {
  return lintText(text, 'template.yaml', resolveConfig({}), host);
}

function page(n: number): string {
  return readFileSync(join(ROOT, WALKTHROUGH.steps[n - 1].media.markdown), 'utf8');
}

/** The fenced blocks of a page with the given info string, in order. */
function blocks(markdown: string, info: string): string[] {
  return [...markdown.matchAll(/^```(\S*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === info).map((m) => m[2]);
}

/** A YAML block as a whole template like step 1's: the blocks after it leave out its first two lines. */
function template(block: string): string {
  return block.startsWith('AWSTemplateFormatVersion') ? block : PREAMBLE + block;
}

const oneLine = (text: string) => text.replace(/\n> /g, ' ').replace(/\s+/g, ' ');

describe('the walkthrough', () => {
  it('has a page for each step, titled like the step', () => {
    for (const step of WALKTHROUGH.steps) {
      const markdown = readFileSync(join(ROOT, step.media.markdown), 'utf8');
      const heading = /^# (.+)$/m.exec(markdown)?.[1];
      expect(step.title.startsWith(heading ?? '?'), `${step.media.markdown}: # ${heading}`).toBe(true);
      expect(markdown.split('\n').length).toBeLessThan(60);
    }
  });

  it('matches the contributes.walkthroughs entry in package.json, once there is one', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes?: { walkthroughs?: { id: string }[] };
    };
    const entry = pkg.contributes?.walkthroughs?.find((w) => w.id === WALKTHROUGH.id);
    if (entry) expect(entry).toEqual(WALKTHROUGH);
    for (const step of WALKTHROUGH.steps) expect(existsSync(join(ROOT, step.media.markdown))).toBe(true);
  });

  it('1: the template gets exactly the network/no-vpc warning the page quotes', () => {
    const [example] = blocks(page(1), 'yaml');
    const result = lint(example);
    expect(result.doc.problems).toEqual([]);
    expect(
      result.findings.map((f) => [f.ruleId, f.severity, example.split('\n')[f.range.start.line].trim()]),
    ).toEqual([['network/no-vpc', 'warning', 'VpcConfig:']]);
    expect(oneLine(page(1))).toContain(oneLine(result.findings[0].message));
  });

  it('2: the quick fix and "Fix all" give the templates the page shows', () => {
    const [start] = blocks(page(1), 'yaml');
    const [afterQuickFix, afterFixAll] = blocks(page(2), 'yaml');
    const first = lint(start);
    const quickFix = first.findings[0].fixes;
    expect(quickFix.map((f) => [f.title, f.safe])).toEqual([['Remove VpcConfig', false]]);
    expect(page(2)).toContain(`**${quickFix[0].title} (review: changes behaviour)**`);
    const removed = applyFixes(start, first.findings, (fix) => fix === quickFix[0]).text;
    expect(removed).toBe(template(afterQuickFix));
    expect(lint(removed).findings).toEqual([]);
    // "Fix all" leaves the unsafe fix alone.
    expect(fixAll(first, lint).changed).toBe(false);

    const withoutLimits = template(afterFixAll).replace(/^ {6}(Timeout|MemorySize): .*\n/gm, '');
    const before = lint(withoutLimits);
    expect(before.findings.map((f) => [f.ruleId, f.fixes.map((x) => x.safe)])).toEqual([
      ['limits/explicit-limits', [true]],
    ]);
    const fixed = fixAll(before, lint);
    expect(fixed.text).toBe(template(afterFixAll));
    expect(fixed.result.findings).toEqual([]);
  });

  it('3: "Accept this deviation" writes the directive the page shows, and the finding is gone', () => {
    const [start] = blocks(page(1), 'yaml');
    const [accepted] = blocks(page(3), 'yaml');
    const first = lint(start);
    const reason = /ownless-ignore network\/no-vpc: (.*)$/m.exec(accepted)![1];
    const edits = suppressionEdits(first, first.findings[0], reason, lint);
    expect(edits).toBeDefined();
    const text = applyOffsetEdits(start, edits!);
    expect(text).toBe(template(accepted));
    const after = lint(text);
    expect(after.doc.problems).toEqual([]);
    expect(after.findings).toEqual([]);
  });

  it('4: the function lints clean and the handler returns the result the page shows', async () => {
    const [example] = blocks(page(4), 'yaml');
    expect(lint(template(example)).findings).toEqual([]);
    const [handlerCode] = blocks(page(4), 'js');
    const module = { exports: {} as { handler?: (event: unknown) => Promise<unknown> } };
    runInNewContext(handlerCode, { exports: module.exports, module, JSON });
    const payload = /payload, such as `([^`]+)`/.exec(page(4))![1];
    const result = await module.exports.handler!(JSON.parse(payload));
    const shown = /the result is `([^`]+)`/.exec(page(4))![1];
    expect(JSON.stringify(result)).toBe(shown);
  });
});
