import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeRelay, fakeRelays, fakeScanContext, runEval } from '../../../helpers/fake-scan-context.js';

const rcvd = (date: string) => `Received: from a.example.com (a.example.com [192.0.2.1]) by mx.example.org; ${date}`;

describe('HeaderEval check_for_shifted_date', () => {
  const ctx = (date: string, received: string) => fakeScanContext({ headers: `Date: ${date}\n${rcvd(received)}` });

  it('measures Date minus the nearest Received date in hours', async () => {
    const c = ctx('Mon, 1 Jan 2024 16:00:00 +0000', 'Mon, 1 Jan 2024 10:00:00 +0000');
    assert.equal(await runEval('check_for_shifted_date', c, ['6', '12']), true);
    assert.equal(await runEval('check_for_shifted_date', c, ['3', '6']), false);
    assert.equal(await runEval('check_for_shifted_date', c, ['-6', '-3']), false);
  });

  it('handles the undef bounds and dates in the past', async () => {
    const c = ctx('Mon, 1 Jan 2024 00:00:00 +0000', 'Sat, 6 Jan 2024 00:00:00 +0000');
    assert.equal(await runEval('check_for_shifted_date', c, ['undef', '-96']), true);
    assert.equal(await runEval('check_for_shifted_date', c, ['96', 'undef']), false);
  });

  it('treats a missing or unparseable Date as no shift', async () => {
    const none = fakeScanContext({ headers: rcvd('Mon, 1 Jan 2024 10:00:00 +0000') });
    assert.equal(await runEval('check_for_shifted_date', none, ['-6', '-3']), false);
    assert.equal(await runEval('check_for_shifted_date', none, ['-3', '3']), true);
    const odd = ctx('yesterday', 'Mon, 1 Jan 2024 10:00:00 +0000');
    assert.equal(await runEval('check_for_shifted_date', odd, ['-3', '3']), true);
  });

  it('picks the Received time closest to the Date', async () => {
    const headers = 'Date: Mon, 1 Jan 2024 10:00:00 +0000\n' +
      `${rcvd('Mon, 1 Jan 2024 22:00:00 +0000')}\n${rcvd('Mon, 1 Jan 2024 10:30:00 +0000')}`;
    assert.equal(await runEval('check_for_shifted_date', fakeScanContext({ headers }), ['-3', '3']), true);
  });
});

describe('HeaderEval sender and recipient checks', () => {
  it('check_for_matching_env_and_hdr_from compares case-insensitively', async () => {
    const c = fakeScanContext({ headers: 'From: A <A@Example.com>', envelopeFrom: 'a@example.com' });
    assert.equal(await runEval('check_for_matching_env_and_hdr_from', c), true);
    const d = fakeScanContext({ headers: 'From: a@example.com', envelopeFrom: 'b@example.com' });
    assert.equal(await runEval('check_for_matching_env_and_hdr_from', d), false);
  });

  it('check_equal_from_domains compares the last two labels', async () => {
    const run = async (from: string, env: string) =>
      runEval('check_equal_from_domains', fakeScanContext({ headers: `From: ${from}`, envelopeFrom: env }));
    assert.equal(await run('a@mail.example.com', 'b@bounce.example.com'), false);
    assert.equal(await run('a@example.com', 'b@example.net'), true);
    assert.equal(await run('a@example.com', ''), false);
  });

  it('check_for_missing_to_header falls back to Apparently-To', async () => {
    assert.equal(await runEval('check_for_missing_to_header', fakeScanContext({ headers: 'Subject: x' })), true);
    assert.equal(await runEval('check_for_missing_to_header', fakeScanContext({ headers: 'Apparently-To: a@b.com' })), false);
    assert.equal(await runEval('check_for_missing_to_header', fakeScanContext({ headers: 'To: a@b.com' })), false);
  });

  it('check_for_to_in_subject("user") finds the user name at the subject edges', async () => {
    const run = async (subject: string) =>
      runEval('check_for_to_in_subject', fakeScanContext({ headers: `To: john@example.com\nSubject: ${subject}` }), ['user']);
    assert.equal(await run('john, your order'), true);
    assert.equal(await run('Re: hello john'), true);
    assert.equal(await run('john'), true);
    // Every alternative is anchored at the start of the subject.
    assert.equal(await run('a message for john'), false);
    assert.equal(await run('JOHN, your order'), false);
    assert.equal(await run('johnny is here'), false);
  });

  it('sorted_recipients and similar_recipients look at To/Cc address shapes', async () => {
    const sorted = Array.from({ length: 8 }, (_, i) => `user${i}@host${i}.example.com`).join(', ');
    const c = fakeScanContext({ headers: `To: ${sorted}` });
    assert.equal(await runEval('sorted_recipients', c), true);
    assert.equal(await runEval('similar_recipients', c, ['0.65', 'undef']), true);
    const few = fakeScanContext({ headers: 'To: b@x.com, a@y.com' });
    assert.equal(await runEval('sorted_recipients', few), false);
    assert.equal(await runEval('similar_recipients', few, ['0.65', 'undef']), false);
  });
});

describe('HeaderEval header content checks', () => {
  it('check_illegal_chars counts 8-bit and control bytes unless the value is UTF-8', async () => {
    const run = async (subject: string, args: string[]) =>
      runEval('check_illegal_chars', fakeScanContext({ headers: `Subject: ${subject}` }), args);
    assert.equal(await run('caf\xe9 \xe0 la cr\xe8me', ['Subject', '0.00', '2']), true);
    assert.equal(await run('caf\xc3\xa9 cr\xc3\xa8me', ['Subject', '0.00', '2']), false);
    assert.equal(await run('price \xa3 \xe9', ['Subject', '0.00', '2']), false);
    assert.equal(await run('plain ascii', ['Subject', '0.00', '2']), false);
    // The raw value keeps its leading space and newline: 2 illegal bytes of 5.
    assert.equal(await run('x\xe9\xe9', ['Subject', '0.40', '2']), true);
    assert.equal(await run('x\xe9\xe9', ['Subject', '0.50', '2']), false);
    assert.equal(await runEval('check_illegal_chars', fakeScanContext({ headers: 'To: a@b.com' }), ['Subject', '0.00', '2']), false);
  });

  it('subject_is_all_caps ignores short, one-word and reply-prefixed parts', async () => {
    const run = async (subject: string) => runEval('subject_is_all_caps', fakeScanContext({ headers: `Subject: ${subject}` }));
    assert.equal(await run('FREE MONEY NOW'), true);
    assert.equal(await run('Re: FREE MONEY NOW'), true);
    assert.equal(await run('Free money now'), false);
    assert.equal(await run('HELLOWORLDNOW'), false);
    assert.equal(await run('BIG SALE'), false);
  });

  it('check_header_count_range counts distinct values', async () => {
    const two = fakeScanContext({ headers: 'Subject: a\nSubject: b' });
    assert.equal(await runEval('check_header_count_range', two, ['Subject', '2', '999']), true);
    const same = fakeScanContext({ headers: 'Subject: a\nSubject: a' });
    assert.equal(await runEval('check_header_count_range', same, ['Subject', '2', '999']), false);
  });

  it('check_unresolved_template skips address and id headers', async () => {
    assert.equal(await runEval('check_unresolved_template', fakeScanContext({ headers: 'X-Mailer: %MAILER_NAME' })), true);
    assert.equal(await runEval('check_unresolved_template', fakeScanContext({ headers: 'Subject: 100%FREE' })), false);
    assert.equal(await runEval('check_unresolved_template', fakeScanContext({ headers: 'X-Ok: 50% off' })), false);
  });

  it('check_ratware_name_id matches the Message-ID tail to the From address', async () => {
    const headers = 'Message-Id: <ABCDEFGHIJKLMNOPQRSTUVWXYZAB.joe@spam.example>\nFrom: "Joe" <joe@spam.example>';
    assert.equal(await runEval('check_ratware_name_id', fakeScanContext({ headers })), true);
    assert.equal(await runEval('check_ratware_name_id', fakeScanContext({ headers: 'Message-Id: <abc@x>\nFrom: joe@x' })), false);
  });

  it('check_ratware_envelope_from finds domain.user@ in the envelope sender', async () => {
    const c = fakeScanContext({ headers: 'To: bob@example.com', envelopeFrom: 'example.com.bob@spammer.net' });
    assert.equal(await runEval('check_ratware_envelope_from', c), true);
    const srs = fakeScanContext({ headers: 'To: bob@example.com', envelopeFrom: 'SRS0=example.com.bob@fwd.net' });
    assert.equal(await runEval('check_ratware_envelope_from', srs), false);
  });

  it('gated_through_received_hdr_remover fires with no Received header', async () => {
    assert.equal(await runEval('gated_through_received_hdr_remover', fakeScanContext({ headers: 'Subject: x' })), true);
    assert.equal(await runEval('gated_through_received_hdr_remover', fakeScanContext({ headers: rcvd('Mon, 1 Jan 2024 10:00:00 +0000') })), false);
  });

  it('check_for_faraway_charset_in_headers only works with restrictive ok_locales', async () => {
    const headers = 'Subject: =?koi8-r?B?8NLJ18XU?=';
    assert.equal(await runEval('check_for_faraway_charset_in_headers', fakeScanContext({ headers })), false);
    assert.equal(await runEval('check_for_faraway_charset_in_headers', fakeScanContext({ headers, conf: { okLocales: 'en' } })), true);
    assert.equal(await runEval('check_for_faraway_charset_in_headers', fakeScanContext({ headers, conf: { okLocales: 'en ru' } })), false);
  });
});

describe('HeaderEval forged provider headers', () => {
  it('check_for_forged_gmail_received_headers wants Google relay evidence', async () => {
    const from = 'From: x@gmail.com\nReceived: from a by b; Mon, 1 Jan 2024 10:00:00 +0000';
    assert.equal(await runEval('check_for_forged_gmail_received_headers', fakeScanContext({ headers: from })), true);
    const ok = `${from}\nX-Received: by 10.1.2.3 with SMTP id abc123`;
    assert.equal(await runEval('check_for_forged_gmail_received_headers', fakeScanContext({ headers: ok })), false);
    assert.equal(await runEval('check_for_forged_gmail_received_headers', fakeScanContext({ headers: 'From: x@example.com' })), false);
  });

  it('check_for_forged_yahoo_received_headers accepts a yahoo rDNS in the trusted string', async () => {
    const headers = 'From: x@yahoo.com\nReceived: from a by b; Mon, 1 Jan 2024 10:00:00 +0000';
    assert.equal(await runEval('check_for_forged_yahoo_received_headers', fakeScanContext({ headers })), true);
    const relays = fakeRelays([fakeRelay({ ip: '10.0.0.1', rdns: 'smtp1.mail.yahoo.com' })], []);
    assert.equal(await runEval('check_for_forged_yahoo_received_headers', fakeScanContext({ headers, relays })), false);
  });

  it('check_for_no_hotmail_received_headers and the forged variant', async () => {
    const base = 'From: x@hotmail.com\nReceived: from a.example.org by b; Mon, 1 Jan 2024 10:00:00 +0000';
    assert.equal(await runEval('check_for_no_hotmail_received_headers', fakeScanContext({ headers: base })), true);
    assert.equal(await runEval('check_for_forged_hotmail_received_headers', fakeScanContext({ headers: base })), false);
    const forged = 'From: x@example.com\nReceived: from mail.hotmail.com by b; Mon, 1 Jan 2024 10:00:00 +0000';
    assert.equal(await runEval('check_for_forged_hotmail_received_headers', fakeScanContext({ headers: forged })), true);
  });
});
