import { crc32, deflateSync } from 'node:zlib';
import type { Random } from './random.js';

/**
 * A customer's signature as the signature pad sends it (a PNG data URL), for the demo's accepted
 * repairs: a few pen strokes of varying slant on a transparent 240×80 canvas. Drawn from the seeded
 * random, so every demo run produces the same pictures; small (a few hundred bytes).
 */

const WIDTH = 240;
const HEIGHT = 80;

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0, 0);
  return Buffer.concat([length, body, crc]);
}

/** Encode an 8-bit grey + alpha image (alpha = ink). */
function encodePng(ink: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(WIDTH, 0);
  header.writeUInt32BE(HEIGHT, 4);
  header[8] = 8; // bit depth
  header[9] = 4; // grey + alpha
  const raw = Buffer.alloc(HEIGHT * (1 + WIDTH * 2));
  for (let y = 0; y < HEIGHT; y++) {
    const row = y * (1 + WIDTH * 2);
    raw[row] = 0; // filter: none
    for (let x = 0; x < WIDTH; x++) {
      raw[row + 1 + x * 2] = 24; // dark blue-black ink as grey
      raw[row + 2 + x * 2] = ink[y * WIDTH + x];
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function dot(ink: Uint8Array, cx: number, cy: number, radius: number): void {
  for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
    for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
      if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT) continue;
      const d = Math.hypot(x - cx, y - cy);
      if (d <= radius) ink[y * WIDTH + x] = 255;
      else if (d <= radius + 1) ink[y * WIDTH + x] = Math.max(ink[y * WIDTH + x], Math.round(255 * (radius + 1 - d)));
    }
  }
}

/** A handwritten-looking signature (2–3 strokes of loops moving right), as a PNG data URL. */
export function signatureDataUrl(random: Random): string {
  const ink = new Uint8Array(WIDTH * HEIGHT);
  const strokes = random.int(2, 3);
  let x0 = 18 + random.int(0, 12);
  for (let s = 0; s < strokes; s++) {
    const width = random.int(45, 70);
    const loops = random.int(2, 4);
    const amplitude = random.int(12, 22);
    const slant = (random.next() - 0.3) * 0.6;
    const baseline = 44 + random.int(-6, 6);
    const pen = 1.2 + random.next() * 0.6;
    for (let i = 0; i <= 400; i++) {
      const p = i / 400;
      const angle = p * loops * 2 * Math.PI;
      const y = baseline - Math.sin(angle) * amplitude * (1 - 0.4 * p);
      const x = x0 + p * width + Math.cos(angle) * 6 + (baseline - y) * slant;
      dot(ink, x, y, pen);
    }
    x0 += width + random.int(6, 14);
  }
  // the flourish underneath
  const y1 = 62 + random.int(0, 6);
  for (let x = 20; x < Math.min(x0, WIDTH - 10); x++) dot(ink, x, y1 + Math.sin(x / 25) * 2, 0.8);
  return `data:image/png;base64,${encodePng(ink).toString('base64')}`;
}
