/**
 * TxRep with the reputation store on a real redis-server: two scanners
 * share one sender history and score every message of a sequence as one
 * engine on LMDB does (same TXREP, same tags), the entries are in Redis
 * under TxRep's namespace, and with Redis down a scan still answers,
 * without TXREP.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Verdict } from '../../src/engine/api-types.js';
import { createEngine, type SpamwardEngine } from '../../src/engine/engine.js';
import { buildMessage } from '../helpers/messages.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';

const RULES = fileURLToPath(new URL('../../../test/fixtures/rules/txrep/', import.meta.url));
const SITE = fileURLToPath(new URL('../../../test/fixtures/rules/empty-site/', import.meta.url));
const PRE = ['loadplugin Mail::SpamAssassin::Plugin::TxRep'];
const CF = ['use_txrep 1', 'use_bayes 0', 'add_header all Tx _TXREPEMAILIP_/_TXREPEMAILIPCOUNT_ _TXREPIP_ _TXREPMSGID_'];

let redis: RedisServer;
const engines: SpamwardEngine[] = [];
const dir = mkdtempSync(join(tmpdir(), 'spamward-txrep-redis-'));

before(async () => {
  redis = await startRedis();
});
after(async () => {
  for (const e of engines) await e.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function mail(n: number, subject: string, ip = '203.0.113.5'): Buffer {
  return buildMessage({
    headers: {
      Received: `from mail.example.org (mail.example.org [${ip}])\n\tby mx.example.net (Postfix) with ESMTP id ABC${n}\n\tfor <to@example.net>; Mon, 2 Nov 2026 10:00:0${n} +0000`,
      From: 'Alice <alice@example.org>',
      Subject: subject,
      Date: `Mon, 2 Nov 2026 10:00:0${n} +0000`,
      'Message-ID': `<t${n}@example.org>`,
    },
    body: n % 2 ? 'Some nice words.\n' : 'Plain text.\n',
  });
}

const SEQUENCE = [mail(1, 'spammy offer'), mail(2, 'hello'), mail(3, 'spammy again', '203.0.200.9'), mail(4, 'hello again'), mail(2, 'hello')];

async function scanner(cf: string[], dataDir?: string): Promise<SpamwardEngine> {
  const e = await createEngine({ configPath: RULES, siteConfigPath: SITE, localTestsOnly: true, noUserConfig: true, preLines: PRE, cfLines: [...CF, ...cf], log: () => undefined, ...(dataDir ? { dataDir } : {}) });
  engines.push(e);
  await e.ready();
  return e;
}

const seen = (v: Verdict) => ({ txrep: v.hits.find((h) => h.name === 'TXREP')?.score, score: v.score, tags: v.addedHeaders.find((h) => h.name === 'X-Spam-Tx')?.value });

describe('TxRep with the reputation store on Redis', () => {
  it('two scanners share one sender history and score as one engine on LMDB', async () => {
    const lmdb = await scanner([], join(dir, 'lmdb'));
    const a = await scanner([...redis.cf(4), 'bayes_redis_timeout 300']);
    const b = await scanner([...redis.cf(4), 'bayes_redis_timeout 300']);
    for (const [i, raw] of SEQUENCE.entries()) {
      const onRedis = await (i % 2 ? b : a).scan(raw);
      assert.deepEqual(seen(onRedis), seen(await lmdb.scan(raw)), `message ${i + 1}`);
    }
    assert.ok(SEQUENCE.length > 0 && (await redis.command(4, 'KEYS', 'awl:|txrep|*')).split('\n').some((k) => k.includes('alice@example.org|ip=203.0')));
    // The last message is a rescan: TXREP from its stored score, nothing written.
    assert.notEqual(seen(await a.scan(mail(2, 'hello'))).txrep, undefined);
  });

  it('with Redis down a scan answers in time without TXREP', async () => {
    const e = await scanner([...redis.cf(5), 'bayes_redis_timeout 300']);
    await e.scan(mail(1, 'spammy offer'));
    await redis.kill();
    try {
      const started = Date.now();
      const v = await e.scan(mail(2, 'hello'));
      assert.equal(seen(v).txrep, undefined);
      assert.ok(Date.now() - started < 5000, `scan took ${Date.now() - started} ms`);
    } finally {
      await redis.restart();
    }
  });
});
