/**
 * AWL wired into scans (SpamAssassin's AWL plugin): off unless the plugin is
 * loaded; the AWL hit carries the dynamic score (mean − points) × factor,
 * keyed by From address plus the originating /16; noautolearn rules stay
 * out of the points; `spamward welcomelist` entries are inherited by a
 * sender's first message from a new IP block.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/engine/engine.js';
import { buildMessage } from '../helpers/messages.js';

const RULES = fileURLToPath(new URL('../../../test/fixtures/rules/awl/', import.meta.url));
const SITE = fileURLToPath(new URL('../../../test/fixtures/rules/empty-site/', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const AWL_PLUGIN = 'loadplugin Mail::SpamAssassin::Plugin::AWL';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'spamward-awl-'));
  dirs.push(d);
  return d;
}

function mail(opts: { from?: string; ip?: string; subject?: string; body?: string; id: string }): Buffer {
  return buildMessage({
    headers: {
      Received: `from mail.example.org (mail.example.org [${opts.ip ?? '203.0.113.5'}])\n\tby mx.example.net (Postfix) with ESMTP id ABC123\n\tfor <to@example.net>; Mon, 2 Nov 2026 10:00:00 +0000`,
      From: opts.from ?? 'Alice <alice@example.org>',
      Subject: opts.subject ?? 'Hello',
      'Message-ID': `<${opts.id}@example.org>`,
    },
    body: opts.body ?? 'Hello there.\n',
  });
}

async function engineOn(dir: string, pre: string[] = [AWL_PLUGIN], cf: string[] = []) {
  return createEngine({ configPath: RULES, siteConfigPath: SITE, localTestsOnly: true, noUserConfig: true, dataDir: dir, preLines: pre, cfLines: ['use_bayes 0', ...cf] });
}

const awlScore = (v: { hits: { name: string; score: number }[] }): number | undefined => v.hits.find((h) => h.name === 'AWL')?.score;

describe('AWL in scans', () => {
  it('is off without the AWL plugin, as in a stock SpamAssassin', async () => {
    const e = await engineOn(dataDir(), []);
    await e.scan(mail({ subject: 'spammy offer', id: 'a1' }));
    const v = await e.scan(mail({ id: 'a2' }));
    assert.equal(awlScore(v), undefined);
    await e.close();
  });

  it('pulls a sender towards its mean by auto_welcomelist_factor, per address and IP block', async () => {
    const e = await engineOn(dataDir());
    const first = await e.scan(mail({ subject: 'spammy offer', id: 'b1' }));
    assert.equal(first.score, 4);
    assert.equal(awlScore(first), undefined, 'no mean yet on the first message');
    const second = await e.scan(mail({ id: 'b2' }));
    assert.equal(awlScore(second), 2, '(4 - 0) * 0.5');
    assert.equal(second.score, 2);
    assert.ok(second.testNames.includes('AWL'));
    // Stored points are pre-AWL: mean is now (4 + 0) / 2 = 2; a nice message (-1) gets (2 - -1) * 0.5.
    const third = await e.scan(mail({ body: 'some nice words here\n', id: 'b3' }));
    assert.equal(awlScore(third), 1.5);
    // Another /16 is another entry: no history there.
    const elsewhere = await e.scan(mail({ ip: '198.18.7.7', id: 'b4' }));
    assert.equal(awlScore(elsewhere), undefined);
    await e.close();
  });

  it('leaves noautolearn rules out of the points and honours auto_welcomelist_factor', async () => {
    const e = await engineOn(dataDir(), [AWL_PLUGIN], ['auto_welcomelist_factor 1']);
    const huge = await e.scan(mail({ from: 'carol@example.org', body: 'a huge marker\n', id: 'c1' }));
    assert.equal(huge.score, 100);
    const next = await e.scan(mail({ from: 'carol@example.org', subject: 'spammy', id: 'c2' }));
    assert.equal(awlScore(next), -4, 'mean 0 (the 100 was noautolearn), points 4, factor 1');
    await e.close();
  });

  it('spamward welcomelist entries are inherited by a new IP block', async () => {
    const dir = dataDir();
    const add = spawnSync(process.execPath, [CLI, 'welcomelist', '--dbpath', dir, '--add', 'Dave@Example.org', '--block', 'eve@example.org'], { encoding: 'utf8' });
    assert.equal(add.status, 0, add.stderr);
    const list = spawnSync(process.execPath, [CLI, 'welcomelist', '--dbpath', dir, '--list'], { encoding: 'utf8' });
    assert.match(list.stdout, /^dave@example\.org\|ip=none\t1\t-100\.000$/m);
    assert.match(list.stdout, /^eve@example\.org\|ip=none\t1\t100\.000$/m);
    const e = await engineOn(dir);
    const dave = await e.scan(mail({ from: 'dave@example.org', subject: 'spammy', id: 'd1' }));
    assert.equal(awlScore(dave), (-100 - 4) * 0.5);
    const eve = await e.scan(mail({ from: 'eve@example.org', id: 'e1' }));
    assert.equal(awlScore(eve), 50);
    assert.equal(eve.isSpam, true);
    await e.close();
    const rm = spawnSync(process.execPath, [CLI, 'welcomelist', '--dbpath', dir, '--remove', 'eve@example.org'], { encoding: 'utf8' });
    assert.equal(rm.status, 0, rm.stderr);
    // The scan migrated eve's entry to her IP block; removing her takes that one too, as SpamAssassin does.
    assert.match(rm.stdout, /^removed eve@example\.org$/m);
    const after = spawnSync(process.execPath, [CLI, 'welcomelist', '--dbpath', dir, '--list'], { encoding: 'utf8' });
    assert.doesNotMatch(after.stdout, /^eve@example\.org\|/m);
    assert.match(after.stdout, /^dave@example\.org\|/m);
  });
});
