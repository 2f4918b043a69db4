#!/usr/bin/env node
// Generates the Teams app icons for CoE Assistant using only Node built-ins:
//   appPackage/color.png   192x192, opaque RGB: white hub/spark glyph on a blue-violet gradient
//   appPackage/outline.png  32x32,  RGBA: the same glyph in pure white on a transparent background
//
// Usage: node scripts/make-icons.mjs [outDir]   (default outDir: appPackage)
//
// Shapes are described as signed distance fields (negative inside) and anti-aliased by
// converting the distance at each pixel centre into coverage, so no raster library is needed.

import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- PNG encoding

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([len, typeAndData, crc]);
}

/**
 * Encodes 8-bit-per-channel pixels as a PNG.
 * @param {number} width
 * @param {number} height
 * @param {Uint8Array} pixels row-major, `channels` bytes per pixel
 * @param {3|4} channels 3 = RGB (colour type 2), 4 = RGBA (colour type 6)
 */
function encodePng(width, height, pixels, channels) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 4 ? 6 : 2; // colour type
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    Buffer.from(pixels.buffer, pixels.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  const idat = deflateSync(raw, { level: 9 });
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

// ---------------------------------------------------------------- geometry (SDFs)

const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;

const ring = (cx, cy, r, width) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;

const segment = (ax, ay, bx, by, width) => (x, y) => {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * h, py - dy * h) - width / 2;
};

/** Signed distance to a closed polygon (even-odd rule), vertices as [x, y]. */
const polygon = (vertices) => (x, y) => {
  let d = Infinity;
  let inside = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const [xi, yi] = vertices[i];
    const [xj, yj] = vertices[j];
    const ex = xj - xi;
    const ey = yj - yi;
    const wx = x - xi;
    const wy = y - yi;
    const h = Math.max(0, Math.min(1, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
    d = Math.min(d, Math.hypot(wx - ex * h, wy - ey * h));
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? -d : d;
};

/** A four-pointed "spark": alternating outer/inner radii, rotated by `rot` radians. */
const spark = (cx, cy, outer, inner, rot = 0) => {
  const pts = [];
  for (let i = 0; i < 8; i++) {
    const a = rot - Math.PI / 2 + (i * Math.PI) / 4;
    const r = i % 2 === 0 ? outer : inner;
    pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return polygon(pts);
};

const union =
  (...shapes) =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)));
const subtract = (a, b) => (x, y) => Math.max(a(x, y), -b(x, y));

/** Distance (in pixels) to coverage in [0, 1], one-pixel-wide anti-aliasing ramp. */
const coverage = (d) => Math.max(0, Math.min(1, 0.5 - d));

/**
 * The glyph: a hub disc with a four-pointed "generative" spark cut out of it, and six
 * satellite nodes (the teams the CoE serves) joined to the hub by spokes. Everything is
 * expressed relative to the icon size `s`.
 */
function glyph(s, { hubRadius, sparkOuter, sparkInner, spokeWidth, nodeRadius, orbit, ringWidth }) {
  const c = s / 2;
  const nodes = [];
  const spokes = [];
  for (let i = 0; i < 6; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 3;
    const nx = c + orbit * Math.cos(a);
    const ny = c + orbit * Math.sin(a);
    nodes.push(circle(nx, ny, nodeRadius));
    spokes.push(segment(c, c, nx, ny, spokeWidth));
  }
  const hub = subtract(circle(c, c, hubRadius), spark(c, c, sparkOuter, sparkInner));
  const spokesOutsideHub = subtract(union(...spokes), circle(c, c, hubRadius));
  const solid = union(hub, ...nodes, spokesOutsideHub);
  const orbitRing = ringWidth > 0 ? ring(c, c, orbit, ringWidth) : null;
  return { solid, orbitRing };
}

// ---------------------------------------------------------------- colour icon

function makeColor(size = 192) {
  const px = new Uint8Array(size * size * 3);
  // background: diagonal gradient from violet (top-left) to deep blue (bottom-right)
  const top = [0x6a, 0x4c, 0xe6];
  const bottom = [0x1f, 0x2f, 0x8f];
  const { solid, orbitRing } = glyph(size, {
    hubRadius: 30,
    sparkOuter: 22,
    sparkInner: 6.5,
    spokeWidth: 6,
    nodeRadius: 11,
    orbit: 58,
    ringWidth: 3,
  });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = x + 0.5;
      const sy = y + 0.5;
      const t = Math.max(0, Math.min(1, (sx + sy) / (2 * size)));
      // soft highlight in the upper-left quadrant to give the tile some depth
      const glow = Math.max(0, 1 - Math.hypot(sx - size * 0.3, sy - size * 0.25) / (size * 0.75)) * 0.18;
      let rgb = [0, 1, 2].map((k) => top[k] + (bottom[k] - top[k]) * t);
      rgb = rgb.map((v) => v + (255 - v) * glow);
      const ringA = orbitRing ? coverage(orbitRing(sx, sy)) * 0.35 : 0;
      rgb = rgb.map((v) => v + (255 - v) * ringA);
      const a = coverage(solid(sx, sy));
      rgb = rgb.map((v) => v + (255 - v) * a);
      const o = (y * size + x) * 3;
      px[o] = Math.round(rgb[0]);
      px[o + 1] = Math.round(rgb[1]);
      px[o + 2] = Math.round(rgb[2]);
    }
  }
  return encodePng(size, size, px, 3);
}

// ---------------------------------------------------------------- outline icon

function makeOutline(size = 32) {
  const px = new Uint8Array(size * size * 4);
  const { solid } = glyph(size, {
    hubRadius: 7.2,
    sparkOuter: 6.0,
    sparkInner: 1.9,
    spokeWidth: 1.5,
    nodeRadius: 2.5,
    orbit: 12.3,
    ringWidth: 0,
  });
  // 4x4 supersampling on top of the SDF ramp: at this size the ramp alone is a bit soft
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          const d = solid(x + (i + 0.5) / n, y + (j + 0.5) / n);
          acc += Math.max(0, Math.min(1, 0.5 - d * n)); // ramp one sub-sample wide
        }
      }
      const o = (y * size + x) * 4;
      px[o] = 255;
      px[o + 1] = 255;
      px[o + 2] = 255;
      px[o + 3] = Math.round((acc / (n * n)) * 255);
    }
  }
  return encodePng(size, size, px, 4);
}

// ---------------------------------------------------------------- main

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] ?? join(here, '..', 'appPackage'));
mkdirSync(outDir, { recursive: true });
const colorPath = join(outDir, 'color.png');
const outlinePath = join(outDir, 'outline.png');
writeFileSync(colorPath, makeColor(192));
writeFileSync(outlinePath, makeOutline(32));
console.log(`wrote ${colorPath} (192x192 RGB) and ${outlinePath} (32x32 RGBA, white + alpha)`);
