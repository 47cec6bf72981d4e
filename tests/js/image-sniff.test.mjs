// sniffImage / refusal: what a file's first and last bytes say, checked on hand-built headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sniffImage, refusal } from '../../www/lib/image-sniff.js';
import { encodePNG } from '../e2e/png.mjs';

const sniff = (buf) => sniffImage(new Uint8Array(buf), new Uint8Array(buf.subarray(Math.max(0, buf.length - 64))), buf.length);
const REFUSE = 250e6;

test('a real PNG: its size from IHDR, and whole', () => {
  const png = encodePNG(37, 5, () => [1, 2, 3, 255]);
  assert.deepEqual(sniff(png), { type: 'PNG', width: 37, height: 5, complete: true });
  assert.equal(refusal(sniff(png), REFUSE), null);
});

test('cut short, empty, renamed text and SVG', () => {
  const png = encodePNG(40, 40, (x) => [x, 0, 0, 255]);
  assert.match(refusal(sniff(png.subarray(0, png.length >> 1)), REFUSE), /PNG file is cut short/);
  assert.match(refusal(sniff(png.subarray(0, 12)), REFUSE), /cut short before its size/);
  assert.match(refusal(sniff(Buffer.alloc(0)), REFUSE), /empty/);
  assert.match(refusal(sniff(Buffer.from('Dear diary, today I learnt about kernels.')), REFUSE), /not an image/);
  const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n');
  assert.equal(sniff(svg).type, 'SVG');
  assert.equal(refusal(sniff(svg), REFUSE), null);
});

test('a header claiming 30,000 × 30,000 is refused before decoding; 1 × 1 and 20,000 × 1 pass', () => {
  const png = Buffer.from(encodePNG(1, 1, () => [0, 0, 0, 255]));
  png.writeUInt32BE(30000, 16); png.writeUInt32BE(30000, 20);
  assert.match(refusal(sniff(png), REFUSE), /30,000 × 30,000 pixels \(900 megapixels\)/);
  assert.equal(refusal(sniff(encodePNG(1, 1, () => [0, 0, 0, 255])), REFUSE), null);
  assert.equal(refusal(sniff(encodePNG(20000, 1, () => [0, 0, 0, 255])), REFUSE), null);
  png.writeUInt32BE(0, 16);
  assert.match(refusal(sniff(png), REFUSE), /no pixels/);
});

test('JPEG: size from the start-of-frame marker after an APP block; cut short without EOI', () => {
  // SOI, APP0 (16 bytes), SOF0 for 300 × 200, EOI.
  const jpg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0,
    0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 200, 0x01, 0x2c, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9]);
  assert.deepEqual(sniff(jpg), { type: 'JPEG', width: 300, height: 200, complete: true });
  assert.match(refusal(sniff(jpg.subarray(0, jpg.length - 2)), REFUSE), /JPEG file is cut short/);
});

test('cameraInk: a dark stroke on bright paper becomes ink, the paper none', async () => {
  const { cameraInk } = await import('../../www/lib/camera.js');
  const w = 80, h = 60, rgba = new Uint8ClampedArray(w * h * 4).fill(230);
  for (let y = 10; y < 50; y++) for (let x = 38; x < 42; x++) { const i = 4 * (y * w + x); rgba[i] = rgba[i + 1] = rgba[i + 2] = 20; }
  const ink = cameraInk(rgba, w, h, 20);
  assert.equal(ink.length, 400);
  // The centre 60×60 square maps 3 px to a cell: columns 38..41 of the frame are 28..31 of the square.
  assert.ok(ink[10 * 20 + 9] > 0.9 || ink[10 * 20 + 10] > 0.9, 'the stroke is ink');
  assert.equal(ink[10 * 20 + 2], 0, 'paper is not');
  assert.equal(ink[0], 0);
});
