#!/usr/bin/env node
/**
 * Renders the marketplace icon: media/icon.png (128×128 RGBA) and media/icon.svg (the same design as
 * SVG, for the README). No image library: every pixel is computed from signed distances to the shapes
 * (a rounded square with a diagonal gradient, a white λ made of round-capped strokes, a soft shadow
 * under it), anti-aliased by coverage, and the PNG is encoded by hand (IHDR, IDAT through node:zlib,
 * IEND, each with its CRC-32).
 *
 *   node scripts/make-icon.mjs           writes both files
 *   node scripts/make-icon.mjs --check   exits 1 when a file differs from what this script renders
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';

const SIZE = 128;
const RADIUS = 26; // corner radius of the square
const FROM = [0x6d, 0x5d, 0xfc]; // top-left gradient stop (#6D5DFC)
const TO = [0x12, 0xb5, 0xcb]; // bottom-right gradient stop (#12B5CB)
const STROKE = 15; // width of the λ's strokes
const SHADOW = { dy: 2.5, blur: 3, opacity: 0.28 };

/** The λ: round-capped segments (round joins where they meet), in icon pixels. */
const TOP = [44, 30]; // where the hook meets the long stroke
const FOOT = [92, 99]; // bottom of the long stroke
const T = 0.43; // where the short leg leaves the long stroke
const JOINT = [TOP[0] + (FOOT[0] - TOP[0]) * T, TOP[1] + (FOOT[1] - TOP[1]) * T].map(round1);
const LAMBDA = [
  [[33, 27], TOP], // the hook
  [TOP, FOOT], // the long stroke
  [JOINT, [38, 99]], // the short leg
];

function round1(n) {
  return Math.round(n * 10) / 10;
}

function hex(rgb) {
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
}

function clamp01(x) {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Signed distance to a rounded square covering the whole icon. */
function roundedSquare(x, y) {
  const half = SIZE / 2;
  const qx = Math.abs(x - half) - (half - RADIUS);
  const qy = Math.abs(y - half) - (half - RADIUS);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - RADIUS;
}

/** Distance to a segment. */
function segment(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = clamp01(((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

/** Signed distance to the λ (negative inside). */
function lambda(x, y) {
  let d = Infinity;
  for (const [a, b] of LAMBDA) d = Math.min(d, segment(x, y, a, b));
  return d - STROKE / 2;
}

/** Coverage of a shape at a pixel centre from its signed distance: a one-pixel ramp. */
function coverage(d) {
  return clamp01(0.5 - d);
}

function smoothstep(e0, e1, x) {
  const t = clamp01((x - e0) / (e1 - e0));
  return t * t * (3 - 2 * t);
}

/** The icon as straight (not premultiplied) RGBA bytes, row by row. */
export function renderPixels() {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      const x = px + 0.5;
      const y = py + 0.5;
      const alpha = coverage(roundedSquare(x, y));
      const t = (x + y) / (2 * SIZE);
      let rgb = FROM.map((c, i) => c + (TO[i] - c) * t);
      // The shadow: the λ moved down, blurred, in black.
      const shadow = SHADOW.opacity * (1 - smoothstep(-SHADOW.blur, SHADOW.blur, lambda(x, y - SHADOW.dy)));
      rgb = rgb.map((c) => c * (1 - shadow));
      const ink = coverage(lambda(x, y));
      rgb = rgb.map((c) => c + (255 - c) * ink);
      const o = (py * SIZE + px) * 4;
      for (let i = 0; i < 3; i++) pixels[o + i] = Math.round(rgb[i]);
      pixels[o + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG (and zlib, and gzip) define it. */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGBA pixels as a PNG: 8 bits per channel, colour type 6, filter 0 (none) on every row. */
export function encodePng(pixels, width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) pixels.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The RGBA pixels of a PNG this script wrote (filter 0 rows only), or null for anything else. */
function decodeOwnPng(png) {
  const idat = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  if (raw.length !== (stride + 1) * height) return null;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    if (raw[y * (stride + 1)] !== 0) return null;
    raw.copy(pixels, y * stride, y * (stride + 1) + 1, (y + 1) * (stride + 1));
  }
  return pixels;
}

/** The same design as SVG. */
export function renderSvg() {
  const path = LAMBDA.map(([a, b]) => `M${a[0]} ${a[1]}L${b[0]} ${b[1]}`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <title>Ownless</title>
  <!-- Generated by scripts/make-icon.mjs with media/icon.png: edit the script, not this file. -->
  <defs>
    <linearGradient id="background" x1="0" y1="0" x2="${SIZE}" y2="${SIZE}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="${hex(FROM)}"/>
      <stop offset="1" stop-color="${hex(TO)}"/>
    </linearGradient>
    <filter id="shadow" x="-20%" y="-20%" width="140%" height="140%">
      <feDropShadow dx="0" dy="${SHADOW.dy}" stdDeviation="${SHADOW.blur / 2}" flood-color="#000" flood-opacity="${SHADOW.opacity}"/>
    </filter>
  </defs>
  <rect width="${SIZE}" height="${SIZE}" rx="${RADIUS}" fill="url(#background)"/>
  <path d="${path}" fill="none" stroke="#FFF" stroke-width="${STROKE}" stroke-linecap="round" stroke-linejoin="round" filter="url(#shadow)"/>
</svg>
`;
}

const media = join(dirname(fileURLToPath(import.meta.url)), '..', 'media');
const pngPath = join(media, 'icon.png');
const svgPath = join(media, 'icon.svg');

function main() {
  const pixels = renderPixels();
  const svg = renderSvg();
  if (process.argv.includes('--check')) {
    let stale = [];
    try {
      const current = decodeOwnPng(readFileSync(pngPath));
      if (!current || !current.equals(pixels)) stale.push(pngPath);
    } catch {
      stale.push(pngPath);
    }
    try {
      if (readFileSync(svgPath, 'utf8') !== svg) stale.push(svgPath);
    } catch {
      stale.push(svgPath);
    }
    if (stale.length > 0) {
      console.error(`out of date (run node scripts/make-icon.mjs): ${stale.join(', ')}`);
      process.exit(1);
    }
    console.log('media/icon.png and media/icon.svg are up to date');
    return;
  }
  writeFileSync(pngPath, encodePng(pixels, SIZE, SIZE));
  writeFileSync(svgPath, svg);
  console.log(`wrote ${pngPath} and ${svgPath}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
