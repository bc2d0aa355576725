import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../../../../src/engine/message/parse.js';
import { leafParts, rawLines } from '../../../../src/engine/evals/util/mime-tree.js';

const lengths = (raw: string): number[] => rawLines(leafParts(parseMessage(Buffer.from(raw, 'latin1')).root)[0]!).map((l) => l.length);
const long = `${'A'.repeat(5000)}\n${'B'.repeat(2048)}\n`;

// The lengths are what SpamAssassin 4.0.1's $part->raw() gives for the same messages.
test('a single-part message keeps its long lines whole in raw()', () => {
  assert.deepEqual(lengths(`Subject: x\nContent-Type: text/plain\n\n${long}`), [5001, 2049]);
});

test('a part of a multipart has its lines cut once, at 2048 bytes with the newline counted', () => {
  const msg = `Subject: x\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain\n\n${long}end\n--zz--\n`;
  assert.deepEqual(lengths(msg), [2049, 2049, 905, 2049, 1, 3]);
});
