import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeScanContext, fakeUriDetail, runEval } from '../../../helpers/fake-scan-context.js';

const conf = { freemailDomains: ['freemail.example.com mail.example.net', '*.free.example.org'], freemailWhitelist: ['vip@freemail.example.com'] };

describe('FreeMail headers', () => {
  it('check_freemail_from: a sender at a listed domain or wildcard', async () => {
    const run = async (from: string, args: string[] = []) =>
      runEval('check_freemail_from', fakeScanContext({ headers: `From: ${from}`, conf }), args);
    assert.equal(await run('joe@freemail.example.com'), true);
    assert.equal(await run('joe@eu.free.example.org'), true);
    assert.equal(await run('joe@deep.eu.free.example.org'), false);
    assert.equal(await run('joe@example.com'), false);
    assert.equal(await run('vip@freemail.example.com'), false);
    assert.equal(await run('support@freemail.example.com'), false);
    assert.equal(await run('joe1@freemail.example.com', ['\\d@']), true);
    assert.equal(await run('joe@freemail.example.com', ['\\d@']), false);
  });

  it('is unavailable without freemail_domains', async () => {
    const ctx = fakeScanContext({ headers: 'From: joe@freemail.example.com' });
    assert.equal(await runEval('check_freemail_from', ctx), false);
  });

  it('check_freemail_header reads the addresses of any header', async () => {
    const headers = 'From: a@corp.example.com\nReply-To: Joe <Joe2@Mail.Example.Net>';
    const ctx = fakeScanContext({ headers, conf });
    assert.equal(await runEval('check_freemail_header', ctx, ['Reply-To']), true);
    assert.equal(await runEval('check_freemail_header', ctx, ['Reply-To:addr']), true);
    assert.equal(await runEval('check_freemail_header', ctx, ['Reply-To', '\\d@']), true);
    assert.equal(await runEval('check_freemail_header', ctx, ['Mail-Reply-To']), false);
    assert.equal(await runEval('check_freemail_header', ctx, []), false);
  });

  it('check_freemail_replyto: freemail From and a different freemail Reply-To', async () => {
    const run = async (headers: string, what = 'replyto') => runEval('check_freemail_replyto', fakeScanContext({ headers, conf }), [what]);
    assert.equal(await run('From: a@freemail.example.com\nReply-To: b@mail.example.net'), true);
    assert.equal(await run('From: a@freemail.example.com\nReply-To: a@freemail.example.com'), false);
    assert.equal(await run('From: a@corp.example.com\nReply-To: b@mail.example.net'), false);
    assert.equal(await run('From: a@freemail.example.com'), false);
    assert.equal(await run('From: a@freemail.example.com', 'bogus'), false);
  });
});

describe('FreeMail report details (test_log)', () => {
  const logsOf = async (fn: string, headers: string, args: string[] = [], extra: Record<string, unknown> = {}) => {
    const ctx = fakeScanContext({ headers, conf: { ...conf, ...extra } as never, body: 'write to claims.agent@freemail.example.com\n' });
    const hit = await runEval(fn, ctx, args);
    return { hit, logs: (ctx as unknown as { testLogs: string[] }).testLogs };
  };

  it('names the address behind a hit, @ written (at), as SpamAssassin does', async () => {
    assert.deepEqual(await logsOf('check_freemail_from', 'From: Joe <Joe@Freemail.Example.com>'), { hit: true, logs: ['joe(at)freemail.example.com'] });
    assert.deepEqual(await logsOf('check_freemail_header', 'Reply-To: b@mail.example.net', ['Reply-To']), { hit: true, logs: ['b(at)mail.example.net'] });
    assert.deepEqual(await logsOf('check_freemail_replyto', 'From: a@freemail.example.com\nReply-To: b@mail.example.net', ['replyto']), {
      hit: true,
      logs: ['a(at)freemail.example.com -> b(at)mail.example.net'],
    });
    assert.deepEqual(await logsOf('check_freemail_replyto', 'From: a@corp.example.com\nReply-To: b@mail.example.net', ['replyto']), {
      hit: true,
      logs: ['b(at)mail.example.net, claims.agent(at)freemail.example.com'],
    });
    assert.deepEqual(await logsOf('check_freemail_body', 'From: a@corp.example.com'), { hit: true, logs: ['claims.agent(at)freemail.example.com'] });
  });

  it('notes nothing on a miss, or with freemail_add_describe_email 0', async () => {
    assert.deepEqual(await logsOf('check_freemail_from', 'From: joe@corp.example.com'), { hit: false, logs: [] });
    const off = { other: new Map([['freemail_add_describe_email', '0']]) };
    assert.deepEqual(await logsOf('check_freemail_from', 'From: joe@freemail.example.com', [], off), { hit: true, logs: [] });
  });
});

describe('FreeMail body addresses', () => {
  it('reply addresses differ from a freemail address quoted in the body', async () => {
    const headers = 'From: a@corp.example.com\nReply-To: b@mail.example.net\nSubject: offer';
    const ctx = fakeScanContext({ headers, conf, body: 'write to claims.agent@freemail.example.com today\n' });
    assert.equal(await runEval('check_freemail_replyto', ctx, ['replyto']), true);
    assert.equal(await runEval('check_freemail_body', fakeScanContext({ headers, conf, body: 'write to claims.agent@freemail.example.com\n' })), true);
    assert.equal(await runEval('check_freemail_body', fakeScanContext({ headers, conf, body: 'no addresses\n' })), false);
  });

  it('gives up when the body quotes too many addresses', async () => {
    const body = Array.from({ length: 6 }, (_, i) => `u${i}@freemail.example.com`).join(' ') + '\n';
    const ctx = fakeScanContext({ headers: 'Subject: x', conf, body });
    assert.equal(await runEval('check_freemail_body', ctx), false);
  });

  it('strips what it skips from the body-rule array itself, as SpamAssassin does', async () => {
    const body = 'On Monday joe@example.com wrote: hi\nget https://files.example.com/x%40y here\nplain line\n';
    const ctx = fakeScanContext({ headers: 'From: a@freemail.example.com\nSubject: x', conf, body });
    await runEval('check_freemail_replyto', ctx, ['reply']);
    assert.deepEqual(ctx.rendered().body.slice(1), ['On Monday   hi\n', 'get   here\n', 'plain line\n']);
    // A sender that is not freemail never gets to the body scan: the lines stay.
    const other = fakeScanContext({ headers: 'From: a@corp.example.org\nSubject: x', conf, body });
    await runEval('check_freemail_replyto', other, ['reply']);
    assert.deepEqual(other.rendered().body.slice(1), body.split(/(?<=\n)/));
  });

  it('counts mailto links of anchors', async () => {
    const uris = [fakeUriDetail('mailto:agent@freemail.example.com', { types: new Set(['a']) })];
    const ctx = fakeScanContext({ headers: 'Subject: x', conf, uris });
    assert.equal(await runEval('check_freemail_body', ctx), true);
  });
});
