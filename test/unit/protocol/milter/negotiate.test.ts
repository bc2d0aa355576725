import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SMFIF, SMFIP } from '../../../../src/protocol/milter/constants.js';
import { expectsReply, negotiate, SPAM_FILTER_MACROS } from '../../../../src/protocol/milter/negotiate.js';
import { ProtocolError } from '../../../../src/util/errors.js';

const wants = {
  actions: SMFIF.ADDHDRS | SMFIF.CHGHDRS | SMFIF.QUARANTINE | SMFIF.SETSYMLIST,
  protocol: SMFIP.HDR_LEADSPC | SMFIP.SKIP | SMFIP.NR_HDR,
  macros: SPAM_FILTER_MACROS,
};

test('against a full v6 offer everything wanted is granted', () => {
  const { reply, negotiated } = negotiate({ version: 6, actions: 0x1ff, protocol: 0x1fffff }, wants);
  assert.deepEqual(negotiated, { version: 6, actions: wants.actions, protocol: wants.protocol });
  assert.equal(reply.kind, 'optneg');
  assert.deepEqual((reply as { macros: unknown }).macros, SPAM_FILTER_MACROS);
});

test('only offered bits are granted; no macro lists without SETSYMLIST', () => {
  const { reply, negotiated } = negotiate({ version: 6, actions: SMFIF.ADDHDRS, protocol: SMFIP.HDR_LEADSPC }, wants);
  assert.equal(negotiated.actions, SMFIF.ADDHDRS);
  assert.equal(negotiated.protocol, SMFIP.HDR_LEADSPC);
  assert.deepEqual((reply as { macros: unknown }).macros, []);
});

test('the reply version never exceeds the MTA version nor 6; versions below 2 are refused', () => {
  assert.equal(negotiate({ version: 2, actions: 0x1ff, protocol: 0x1fffff }, wants).negotiated.version, 2);
  assert.equal(negotiate({ version: 9, actions: 0x1ff, protocol: 0x1fffff }, wants).negotiated.version, 6);
  assert.throws(() => negotiate({ version: 1, actions: 0x1ff, protocol: 0 }, wants), ProtocolError);
});

test('expectsReply follows the granted NR_* bits', () => {
  const { negotiated } = negotiate({ version: 6, actions: 0x1ff, protocol: 0x1fffff }, wants);
  assert.equal(expectsReply(negotiated, 'header'), false);
  assert.equal(expectsReply(negotiated, 'body'), true);
  const noNr = negotiate({ version: 6, actions: 0x1ff, protocol: SMFIP.HDR_LEADSPC }, wants).negotiated;
  assert.equal(expectsReply(noNr, 'header'), true, 'NR_HDR not offered, so headers are answered');
});
