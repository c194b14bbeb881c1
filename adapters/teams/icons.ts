import { deflateSync } from 'node:zlib';

/**
 * The two icons a Teams app package needs, drawn in code so the repository
 * holds no binary art: a 192×192 full-colour icon and a 32×32 outline icon
 * that Teams requires to be white on transparent. The glyph is a checklist,
 * the PMO's everyday tool, drawn on a 16-unit grid so both sizes stay crisp.
 */

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Rgba = readonly [number, number, number, number];
const BRAND: Rgba = [0x1f, 0x6f, 0x8b, 0xff];
const WHITE: Rgba = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Rgba = [0, 0, 0, 0];

/** [x0, y0, x1, y1) rectangles on a 16×16 grid: three bullets and three lines. */
const GLYPH: readonly (readonly [number, number, number, number])[] = [
  [3, 3, 5, 5],
  [7, 3, 13, 5],
  [3, 7, 5, 9],
  [7, 7, 13, 9],
  [3, 11, 5, 13],
  [7, 11, 11, 13],
];

function inGlyph(x: number, y: number, size: number): boolean {
  const gx = (x * 16) / size;
  const gy = (y * 16) / size;
  return GLYPH.some(([x0, y0, x1, y1]) => gx >= x0 && gx < x1 && gy >= y0 && gy < y1);
}

/** Row-major RGBA pixels. */
function draw(size: number, background: Rgba, foreground: Rgba): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      pixels.set(inGlyph(x, y, size) ? foreground : background, (y * size + x) * 4);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

// zlib.crc32 only exists from Node 20.15; the table keeps Node 20.0+ working.
function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** Encodes square RGBA pixels as an 8-bit truecolour-with-alpha PNG. */
export function encodePng(size: number, pixels: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    // Filter byte 0 (None) before each scanline.
    pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width and height from a PNG's IHDR, or undefined when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  if (png.length < 24 || png.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export function colorIcon(): Buffer {
  return encodePng(COLOR_ICON_SIZE, draw(COLOR_ICON_SIZE, BRAND, WHITE));
}

export function outlineIcon(): Buffer {
  return encodePng(OUTLINE_ICON_SIZE, draw(OUTLINE_ICON_SIZE, CLEAR, WHITE));
}
