import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRelays } from '../../../../../src/engine/message/received/analyze.js';
import { firstAddress, headerAddresses } from '../../../../../src/engine/message/received/header-address.js';
import { message, stockConfig } from './relay-fixtures.js';

const withEnv = (ip: string, env: string) =>
  `Received: from h (h.example.net [${ip}]) by mx.example.org (8.12/8.12) with ESMTP id E${ip.replace(/\D/g, '')} (envelope-from ${env})`;
const plainHop = 'Received: from h (h.example.net [198.51.100.50]) by mx.example.org (8.12/8.12) with ESMTP id P1';

const envelopeOf = (...lines: string[]) => analyzeRelays(message(...lines), stockConfig()).envelopeFrom;

test('the last untrusted relay names the envelope sender', () => {
  assert.equal(envelopeOf(withEnv('10.0.0.1', '<inner@example.org>'), withEnv('198.51.100.7', '<outer@example.net>'), withEnv('198.51.100.8', '<older@example.net>')), 'outer@example.net');
});

test('with no untrusted relay, the oldest trusted one is used', () => {
  assert.equal(envelopeOf(withEnv('10.0.0.1', '<newer@example.org>'), withEnv('10.0.0.2', '<oldest@example.org>')), 'oldest@example.org');
});

test('a relay envelope sender without a local part is not usable', () => {
  assert.equal(envelopeOf('Return-Path: <rp@example.net>', withEnv('198.51.100.7', '<@example.net>')), 'rp@example.net');
});

test('Return-Path counts only above every Received header', () => {
  assert.equal(envelopeOf('Return-Path: <rp@example.net>', plainHop), 'rp@example.net');
  assert.equal(envelopeOf(plainHop, 'Return-Path: <rp@example.net>'), undefined);
  assert.equal(envelopeOf('Return-Path: <>', plainHop), undefined);
});

test('X-Envelope-From wins over Envelope-Sender and Return-Path, and below a Received it ends the search', () => {
  assert.equal(envelopeOf('X-Envelope-From: xef@example.net', 'Envelope-Sender: es@example.net', 'Return-Path: <rp@example.net>', plainHop), 'xef@example.net');
  assert.equal(envelopeOf('Return-Path: <rp@example.net>', plainHop, 'X-Envelope-From: xef@example.net'), undefined);
  assert.equal(envelopeOf('Envelope-Sender: es@example.net', 'Return-Path: <rp@example.net>', plainHop), 'es@example.net');
  assert.equal(envelopeOf('Return-Path: <rp@example.net>', plainHop, 'Envelope-Sender: es@example.net'), 'rp@example.net');
});

test('X-Sender together with a fetchmail hop makes the headers untrustworthy', () => {
  const fetch = 'Received: from pop.example.net [198.51.100.2] by localhost with POP3 (fetchmail-6.4.0) for <u@localhost>';
  assert.equal(envelopeOf('Return-Path: <rp@example.net>', 'X-Sender: xs@example.net', fetch, plainHop), undefined);
  assert.equal(envelopeOf('Return-Path: <rp@example.net>', 'X-Sender: nobody', fetch, plainHop), 'rp@example.net');
});

test('a configured envelope_sender_header is the only source', () => {
  const conf = stockConfig({ envelopeSenderHeader: 'X-Envelope-Sender' });
  const r = (...lines: string[]) => analyzeRelays(message(...lines), conf).envelopeFrom;
  assert.equal(r('X-Envelope-Sender: <mta@example.org>', 'Return-Path: <rp@example.net>', withEnv('198.51.100.7', '<relay@example.net>')), 'mta@example.org');
  assert.equal(r('Return-Path: <rp@example.net>', withEnv('198.51.100.7', '<relay@example.net>')), undefined);
  assert.equal(r('X-Envelope-Sender: not-an-address', 'Return-Path: <rp@example.net>'), undefined);
});

test('qmail-scanner passes its envelope sender to the next, older header', () => {
  const scanner = 'Received: from 198.51.100.1 by mail.example.org (envelope-from <list@example.net>, uid 502) with qmail-scanner-1.24 (clamdscan: 0.88. Clear:RC:0(198.51.100.1):. Processed in 0.1 secs)';
  const r = analyzeRelays(message(scanner, plainHop), stockConfig());
  assert.equal(r.entries[0]?.status, 'skipped');
  assert.equal(r.all[0]?.envfrom, 'list@example.net');
  assert.match(r.relaysUntrustedStr, / envfrom=list@example\.net /);
  assert.equal(r.envelopeFrom, 'list@example.net');
});

test('header addresses: angle brackets, bare addresses, groups, comments, junk', () => {
  assert.equal(firstAddress(' <a@example.net>'), 'a@example.net');
  assert.equal(firstAddress(' "Joe" <joe@example.net> (work)'), 'joe@example.net');
  assert.equal(firstAddress(' joe@example.net (Joe)'), 'joe@example.net');
  assert.equal(firstAddress(' <>'), undefined);
  assert.equal(firstAddress(' <joe>'), undefined);
  assert.equal(firstAddress(' <a@b@c.example>'), 'a@b');
  assert.equal(firstAddress(' <x@[192.0.2.1] junk>'), 'x@[192.0.2.1]');
  assert.deepEqual(headerAddresses(' a@example.net, <b@example.org>'), ['a@example.net', 'b@example.org']);
  assert.deepEqual(headerAddresses(' team: a@example.net;'), ['a@example.net']);
  assert.deepEqual(headerAddresses('   '), []);
  assert.equal(firstAddress(undefined), undefined);
});
