import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageCollector } from '../../../milter/collector.js';

test('headers and body come back as one CRLF message, prefix first, folds restored', async () => {
  const c = new MessageCollector({ memoryThresholdBytes: 1024, tmpDir: undefined });
  c.addHeader('From', ' a@example.org');
  c.addHeader('X-Fold', ' a\n b');
  await c.addBody(Buffer.from('line\r\n'));
  const msg = await c.build([{ name: 'Received', raw: ' from x\r\n\tby y; date' }]);
  assert.equal(msg.toString('latin1'), 'Received: from x\r\n\tby y; date\r\nFrom: a@example.org\r\nX-Fold: a\r\n b\r\n\r\nline\r\n');
  // The message owns its memory whole, so the scan pool can hand it to a worker without a copy.
  assert.equal(msg.byteOffset, 0);
  assert.equal(msg.buffer.byteLength, msg.length);
  await c.dispose();
});

test('under the memory threshold, storing and disposing do not wait on I/O (the connection runs such frames at once)', async () => {
  const c = new MessageCollector({ memoryThresholdBytes: 16, tmpDir: undefined });
  assert.equal(c.addBody(Buffer.from('0123456789')), undefined);
  const spilling = c.addBody(Buffer.from('0123456789'));
  assert.ok(spilling instanceof Promise, 'past the threshold the chunk goes to a file');
  await spilling;
  assert.equal(c.spilled, true);
  assert.equal(c.bodyBytes, 20);
  const removing = c.dispose();
  assert.ok(removing instanceof Promise);
  await removing;
  assert.equal(c.dispose(), undefined, 'nothing left to remove');
});

test('bodies above the memory threshold spill to a private temp file, removed on dispose', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collector-test-'));
  try {
    const c = new MessageCollector({ memoryThresholdBytes: 100, tmpDir: dir });
    const chunks = Array.from({ length: 10 }, (_, i) => Buffer.alloc(50, 0x30 + i));
    for (const ch of chunks) await c.addBody(ch);
    assert.equal(c.spilled, true);
    assert.equal(c.bodyBytes, 500);
    assert.equal(readdirSync(dir).length, 1);
    const msg = await c.build();
    assert.deepEqual(msg.subarray(2), Buffer.concat(chunks), 'order kept across the spill');
    await c.dispose();
    await c.dispose();
    assert.equal(readdirSync(dir).length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('binary bytes survive (octets, not UTF-8)', async () => {
  const c = new MessageCollector({ memoryThresholdBytes: 10, tmpDir: undefined });
  c.addHeader('Subject', ' caf\u00e9');
  await c.addBody(Buffer.from([0xff, 0x00, 0x80]));
  const msg = await c.build();
  assert.deepEqual([...msg.subarray(msg.length - 3)], [0xff, 0x00, 0x80]);
  assert.ok(msg.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9])));
  await c.dispose();
  assert.equal(existsSync(join(tmpdir(), 'nonexistent')), false);
});
