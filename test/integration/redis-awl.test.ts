/**
 * AWL in scans with the reputation store on a real redis-server: two
 * engines (two scanners) share one sender history, the AWL score is the
 * same as with LMDB ((mean − points) × factor), the entries are in Redis,
 * and with Redis down a scan still answers, without AWL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine, type SpamwardEngine } from '../../src/engine/engine.js';
import { buildMessage } from '../helpers/messages.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

const RULES = fileURLToPath(new URL('../../../test/fixtures/rules/awl/', import.meta.url));
const SITE = fileURLToPath(new URL('../../../test/fixtures/rules/empty-site/', import.meta.url));

let redis: RedisServer;
const engines: SpamwardEngine[] = [];

before(async () => {
  redis = await startRedis();
});
after(async () => {
  for (const e of engines) await e.close();
  await redis?.stop();
});

function mail(opts: { subject?: string; id: string }): Buffer {
  return buildMessage({
    headers: {
      Received: 'from mail.example.org (mail.example.org [203.0.113.5])\n\tby mx.example.net (Postfix) with ESMTP id ABC123\n\tfor <to@example.net>; Mon, 2 Nov 2026 10:00:00 +0000',
      From: 'Alice <alice@example.org>',
      Subject: opts.subject ?? 'Hello',
      'Message-ID': `<${opts.id}@example.org>`,
    },
    body: 'Hello there.\n',
  });
}

async function scanner(): Promise<SpamwardEngine> {
  const e = await createEngine({
    configPath: RULES, siteConfigPath: SITE, localTestsOnly: true, noUserConfig: true,
    preLines: ['loadplugin Mail::SpamAssassin::Plugin::AWL'],
    cfLines: ['use_bayes 0', ...redis.cf(3), 'bayes_redis_timeout 300'],
    log: () => undefined,
  });
  engines.push(e);
  await e.ready();
  return e;
}

const awlScore = (v: { hits: { name: string; score: number }[] }): number | undefined => v.hits.find((h) => h.name === 'AWL')?.score;

describe('AWL with the reputation store on Redis', () => {
  it('two scanners share one sender history and score AWL as on LMDB', async () => {
    const a = await scanner();
    const b = await scanner();
    const first = await a.scan(mail({ subject: 'spammy offer', id: 'r1' }));
    assert.equal(first.score, 4);
    assert.equal(awlScore(first), undefined, 'no mean yet on the first message');
    const second = await b.scan(mail({ id: 'r2' }));
    assert.equal(awlScore(second), 2, '(4 - 0) * 0.5, from the entry scanner A wrote');
    assert.equal(second.score, 2);
    const keys = (await redis.command(3, 'KEYS', 'awl:*')).split('\n');
    assert.equal(keys.length, 1, `one entry for alice@example.org and 203.0.113.5's /16: ${keys.join(' ')}`);
    assert.match(keys[0] ?? '', /alice@example\.org/);
    assert.equal(await redis.command(3, 'HGET', keys[0] ?? '', 'c'), '2');
  });

  it('with Redis down a scan answers in time without AWL, and AWL is back after the restart', async () => {
    const e = await scanner();
    await redis.kill();
    try {
      const started = Date.now();
      const v = await e.scan(mail({ id: 'r3' }));
      assert.equal(awlScore(v), undefined);
      assert.equal(v.score, 0);
      assert.ok(Date.now() - started < 5000, `scan took ${Date.now() - started} ms`);
    } finally {
      await redis.restart();
    }
    // The history did not survive (no persistence in this server): AWL starts again from nothing.
    const deadline = Date.now() + 10_000;
    let v = await e.scan(mail({ subject: 'spammy offer', id: 'r4' }));
    while (Date.now() < deadline && (await redis.command(3, 'KEYS', 'awl:*')) === '') {
      await new Promise((r) => setTimeout(r, 100));
      v = await e.scan(mail({ subject: 'spammy offer', id: 'r4' }));
    }
    assert.equal(v.score, 4);
    assert.equal(awlScore(await e.scan(mail({ id: 'r5' }))), 2);
  });
});
