import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFrame, FrameReader, type Frame } from '../../../../src/protocol/milter/frame.js';
import { ProtocolError } from '../../../../src/util/errors.js';

/** A deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sampleFrames(): Buffer[] {
  return [
    encodeFrame(0x4f, Buffer.from('000000060000 01ff001fffff'.replace(/ /g, ''), 'hex')),
    encodeFrame(0x41),
    encodeFrame(0x42, Buffer.alloc(65535, 0x61)),
    encodeFrame(0x4c, Buffer.from('Subject\0hi\0', 'latin1')),
    encodeFrame(0x45),
  ];
}

function feedInPieces(stream: Buffer, cut: (remaining: number) => number): Frame[] {
  const reader = new FrameReader();
  const frames: Frame[] = [];
  let pos = 0;
  while (pos < stream.length) {
    const n = Math.max(1, Math.min(cut(stream.length - pos), stream.length - pos));
    frames.push(...reader.push(stream.subarray(pos, pos + n)));
    pos += n;
  }
  assert.equal(reader.pendingBytes, 0);
  return frames;
}

test('encodeFrame writes length = 1 + data and the command byte', () => {
  assert.deepEqual([...encodeFrame(0x63)], [0, 0, 0, 1, 0x63]);
  assert.deepEqual([...encodeFrame(0x48, Buffer.from('x\0', 'latin1'))], [0, 0, 0, 3, 0x48, 0x78, 0]);
});

test('frames round-trip whole, byte by byte and in random splits', () => {
  const originals = sampleFrames();
  const stream = Buffer.concat(originals);
  const splits: Array<(r: number) => number> = [() => stream.length, () => 1, () => 7];
  const rand = rng(42);
  for (let i = 0; i < 20; i++) splits.push((r) => 1 + Math.floor(rand() * Math.min(r, 70000)));
  for (const cut of splits) {
    const frames = feedInPieces(stream, cut);
    assert.equal(frames.length, originals.length);
    frames.forEach((f, i) => assert.deepEqual(encodeFrame(f.code, f.data), originals[i]));
  }
});

test('a zero length is a protocol error', () => {
  const reader = new FrameReader();
  assert.throws(() => reader.push(Buffer.from([0, 0, 0, 0])), (e: unknown) => e instanceof ProtocolError && e.code === 'ERR_PROTO');
});

test('an oversized length is refused before any allocation, up to 2^32-1', () => {
  for (const len of [65537, 0x7fffffff, 0xffffffff]) {
    const reader = new FrameReader();
    const head = Buffer.alloc(4);
    head.writeUInt32BE(len, 0);
    assert.throws(() => reader.push(head), (e: unknown) => e instanceof ProtocolError && e.code === 'ERR_PROTO_FRAME_TOO_LARGE');
    assert.throws(() => reader.push(Buffer.from([1])), ProtocolError, 'reader stays failed');
  }
});

test('the limit is a parameter', () => {
  const reader = new FrameReader(10);
  assert.equal(reader.push(encodeFrame(0x42, Buffer.alloc(9))).length, 1);
  assert.throws(() => reader.push(encodeFrame(0x42, Buffer.alloc(10))), ProtocolError);
});
