import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gifDimensions, jpegDimensions, pngDimensions } from '../../../../src/engine/evals/image-dimensions.js';
import { fakePart, fakeScanContext, runEval } from '../../../helpers/fake-scan-context.js';

function gif(w: number, h: number): Buffer {
  const b = Buffer.alloc(13);
  b.write('GIF89a', 0, 'latin1');
  b.writeUInt16LE(w, 6);
  b.writeUInt16LE(h, 8);
  return b;
}

function png(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(8 + 13 + 4);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(w, 8);
  ihdr.writeUInt32BE(h, 12);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
}

function jpeg(w: number, h: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x04, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, h >> 8, h & 0xff, w >> 8, w & 0xff, 0x03, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

const imagePart = (type: string, data: Buffer, name?: string) =>
  fakePart({ type, cte: 'base64', body: `${data.toString('base64')}\n`, name });

describe('ImageInfo dimension readers', () => {
  it('reads GIF, PNG and JPEG sizes and rejects other data', () => {
    assert.deepEqual(gifDimensions(gif(300, 200)), { width: 300, height: 200 });
    assert.deepEqual(pngDimensions(png(640, 480)), { width: 640, height: 480 });
    assert.deepEqual(jpegDimensions(jpeg(1024, 768)), { width: 1024, height: 768 });
    assert.equal(gifDimensions(Buffer.from('not a gif')), undefined);
    assert.equal(pngDimensions(Buffer.from('short')), undefined);
    assert.equal(jpegDimensions(Buffer.from([0xff, 0xd8, 0x00])), undefined);
    assert.equal(gifDimensions(gif(0, 10)), undefined);
  });
});

describe('ImageInfo evals', () => {
  const root = fakePart({
    type: 'multipart/mixed',
    children: [
      fakePart({ type: 'text/plain', body: 'see picture\n' }),
      imagePart('image/gif', gif(300, 200), 'image001.gif'),
      imagePart('image/png', png(640, 480)),
      imagePart('image/jpeg', jpeg(800, 600)),
      fakePart({ type: 'image/gif', body: gif(10, 10).toString('latin1') }),
    ],
  });
  const ctx = () => fakeScanContext({ root });

  it('counts base64 images by type', async () => {
    assert.equal(await runEval('image_count', ctx(), ['gif', '1', '1']), true);
    assert.equal(await runEval('image_count', ctx(), ['all', '1', '1']), false);
    assert.equal(await runEval('image_count', ctx(), ['all', '3', '3']), true);
    assert.equal(await runEval('image_count', ctx(), ['png', '2']), false);
    assert.equal(await runEval('image_count', ctx(), ['bmp', '0']), false);
  });

  it('pixel_coverage, sizes and names', async () => {
    assert.equal(await runEval('pixel_coverage', ctx(), ['all', '62500', '2000000']), true);
    assert.equal(await runEval('pixel_coverage', ctx(), ['png', '180000', '475000']), true);
    assert.equal(await runEval('pixel_coverage', ctx(), ['gif', '180000', '475000']), false);
    assert.equal(await runEval('image_size_exact', ctx(), ['all', '600', '800']), true);
    assert.equal(await runEval('image_size_exact', ctx(), ['all', '800', '600']), false);
    assert.equal(await runEval('image_size_range', ctx(), ['gif', '150', '250', '250', '350']), true);
    assert.equal(await runEval('image_size_range', ctx(), ['gif', '300', '300']), false);
    assert.equal(await runEval('image_named', ctx(), ['image001.gif']), true);
    assert.equal(await runEval('image_named', ctx(), ['other.gif']), false);
  });

  it('image_to_text_ratio divides text length by pixels, excluding the max', async () => {
    const c = fakeScanContext({ root });
    assert.equal(await runEval('image_to_text_ratio', c, ['all', '0.000', '0.008'], ['a bit of text\n']), true);
    assert.equal(await runEval('image_to_text_ratio', c, ['jpeg', '0.000', '0.008'], ['']), false);
    const none = fakeScanContext({ body: 'text only\n' });
    assert.equal(await runEval('image_to_text_ratio', none, ['all', '0.000', '0.008'], ['text\n']), false);
  });
});
