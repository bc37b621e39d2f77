// Draws Cuadra's own icons into www/icons/ (run once, by hand: `node scripts/icons.mjs`; the
// PNGs are committed). A blue tile with a white sheet of two columns and a green check:
// two sources that agree. Plain Node, no dependencies: shapes as distance functions,
// 4×4 supersampling, and a minimal PNG encoder (zlib from Node, CRC-32 here).
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const OUT = path.resolve(new URL('../www/icons', import.meta.url).pathname);

const BLUE = [31, 95, 191];
const WHITE = [255, 255, 255];
const LINE = [184, 200, 226];
const GREEN = [30, 122, 70];

/** Signed distance to a rounded box centred at (cx, cy), half sizes (hx, hy), radius r. */
function roundedBox(x, y, cx, cy, hx, hy, r) {
  const qx = Math.abs(x - cx) - hx + r;
  const qy = Math.abs(y - cy) - hy + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance to the segment (ax, ay)–(bx, by). */
function segment(x, y, ax, ay, bx, by) {
  const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - t * dx, py - t * dy);
}

/**
 * The colour at (x, y) in unit coordinates (0..1), or null outside the icon. `maskable`
 * fills the whole square and keeps the drawing inside the central safe zone.
 */
function shade(x, y, maskable) {
  const scale = maskable ? 0.72 : 1;
  const u = (x - 0.5) / scale + 0.5;
  const v = (y - 0.5) / scale + 0.5;
  if (!maskable && roundedBox(x, y, 0.5, 0.5, 0.5, 0.5, 0.2) > 0) return null;
  let colour = BLUE;
  if (roundedBox(u, v, 0.46, 0.5, 0.27, 0.32, 0.05) <= 0) {
    colour = WHITE;
    const rows = [0.34, 0.46, 0.58, 0.7];
    const onRow = rows.some((row) => Math.abs(v - row) < 0.012 && u > 0.24 && u < 0.68);
    const onColumn = Math.abs(u - 0.46) < 0.012 && v > 0.28 && v < 0.76;
    if (onRow || onColumn) colour = LINE;
  }
  if (Math.hypot(u - 0.72, v - 0.74) <= 0.17) {
    colour = GREEN;
    const check = Math.min(segment(u, v, 0.64, 0.745, 0.7, 0.8), segment(u, v, 0.7, 0.8, 0.8, 0.68));
    if (check < 0.028) colour = WHITE;
  }
  return colour;
}

function render(size, maskable) {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, maskable);
          if (!colour) continue;
          sum[0] += colour[0]; sum[1] += colour[1]; sum[2] += colour[2]; sum[3] += 255;
        }
      }
      const n = samples * samples;
      const covered = sum[3] / 255;
      const at = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[at + c] = covered ? Math.round(sum[c] / covered) : 0;
      pixels[at + 3] = Math.round(sum[3] / n);
    }
  }
  return png(size, pixels);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG, each row with filter 0. */
function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT, { recursive: true });
for (const [name, size, maskable] of [
  ['cuadra-192.png', 192, false],
  ['cuadra-512.png', 512, false],
  ['cuadra-maskable-512.png', 512, true],
]) {
  const bytes = render(size, maskable);
  writeFileSync(path.join(OUT, name), bytes);
  console.log(`${name}: ${bytes.length} bytes`);
}
