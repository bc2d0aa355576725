/**
 * dns_block_rule: a blocklist's "you are blocked" answer (Spamhaus's
 * 127.255.255.254 to queries through public resolvers) hits its rule, and
 * the zone is then left alone for dns_block_time seconds, across processes,
 * through an empty file `dnsblock_<zone>`. Debian's spamd and Spamward scan
 * the same messages against the same nsd: a message from the
 * blocked answer's relay, then one from a relay listed normally, which
 * neither may look up while the block holds; once the file is older than
 * dns_block_time the next query removes it and the listing hits again.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine } from '../../src/engine/index.js';
import { spamcRequest, startRealSpamd } from '../bench/lib/real-spamd.js';
import { type MiniRules, miniRules } from '../helpers/mini-rules.js';
import { type DnsPeer, startNsd } from '../helpers/dns-peers.js';

const ZONE = 'zen.dnsbl.test';

function message(ip: string, n: number): Buffer {
  return Buffer.from(
    [
      `Received: from host${n}.sw-block.org (host${n}.sw-block.org [${ip}]) by mx.sw-local.test (Postfix) with ESMTP id 4F2A1B3C${n}; Thu, 26 Nov 2026 02:00:00 +0000 (UTC)`,
      `From: Alice <alice${n}@sw-block.org>`,
      'To: bob@sw-local.test',
      `Subject: block ${n}`,
      'Date: Thu, 26 Nov 2026 01:59:00 +0000',
      `Message-ID: <block${n}@sw-block.org>`,
      '',
      'Hello Bob.',
      '',
    ].join('\r\n'),
    'latin1',
  );
}

/** From the relay the blocklist answers "blocked" for, and from one it lists. */
const FROM_BLOCKED = message('45.67.89.10', 1);
const FROM_LISTED = message('45.67.89.11', 2);

const RULES = [
  'trusted_networks 10.0.0.0/8',
  'use_bayes 0',
  'bayes_auto_learn 0',
  'rbl_timeout 2 1',
  `header __SW_BLK eval:check_rbl('swblk', '${ZONE}.')`,
  'tflags __SW_BLK net',
  "header SW_BLK_BLOCKED eval:check_rbl_sub('swblk', '127.255.255.254')",
  'tflags SW_BLK_BLOCKED net',
  'score SW_BLK_BLOCKED 0.001',
  "header SW_BLK_LISTED eval:check_rbl_sub('swblk', '127.0.0.2')",
  'tflags SW_BLK_LISTED net',
  'score SW_BLK_LISTED 3',
  `dns_block_rule SW_BLK_BLOCKED ${ZONE}`,
  'dns_block_time 300',
];

let dirs: MiniRules;
let nsd: DnsPeer;
const root = mkdtempSync(join(tmpdir(), 'spamward-dns-block-'));

before(async () => {
  dirs = miniRules(['DNSEval']);
  nsd = await startNsd([{ name: ZONE, records: ['10.89.67.45 A 127.255.255.254', '11.89.67.45 A 127.0.0.2', 'probe A 127.0.0.1'] }]);
});

after(async () => {
  await nsd?.stop();
  dirs?.remove();
  rmSync(root, { recursive: true, force: true });
});

const cf = (): string[] => [`dns_server 127.0.0.1:${nsd.port}`, 'dns_available yes', ...RULES];

/**
 * Debian's spamd, whose global state folder is its helper home's
 * .spamassassin (-H); it runs as nobody when started by root, so the
 * folder is nobody's.
 */
async function startSa(helperHome: string): Promise<{ tests: (msg: Buffer) => Promise<string[]>; stop: () => Promise<void> }> {
  // Made now, or spamd makes it as root before it drops to nobody, who then cannot write there.
  const state = join(helperHome, '.spamassassin');
  chmodSync(root, 0o755);
  mkdirSync(state, { recursive: true, mode: 0o755 });
  if (process.getuid?.() === 0) {
    const nobody = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    for (const d of [helperHome, state]) chownSync(d, nobody, nobody);
  }
  const spamd = await startRealSpamd({ network: true, children: 1, cf: cf(), extraArgs: [...dirs.spamdArgs, `--helper-home-dir=${helperHome}`] });
  return {
    tests: async (msg) => {
      const reply = await spamcRequest(spamd.port, 'SYMBOLS', msg, { timeoutMs: 60_000 });
      return reply.body.toString('latin1').trim().split(',').filter((t) => t.startsWith('SW_'));
    },
    stop: () => spamd.stop(),
  };
}

/** Six minutes ago: past dns_block_time. */
function ageOut(file: string): void {
  const then = Date.now() / 1000 - 360;
  utimesSync(file, then, then);
}

test('a "blocked" answer stops the zone\'s queries for dns_block_time, then the block file is removed', async () => {
  const helperHome = join(root, 'helper-home');
  const sa = await startSa(helperHome);
  const saFile = join(helperHome, '.spamassassin', `dnsblock_${ZONE}`);
  const dataDir = join(root, 'data');
  const ourFile = join(dataDir, `dnsblock_${ZONE}`);
  const logged: string[] = [];
  const engine = await createEngine({ noUserConfig: true, configPath: dirs.rules, siteConfigPath: dirs.site, cfLines: cf(), dataDir, log: (_level, m) => logged.push(m) });
  try {
    const both = async (msg: Buffer) => ({ sa: await sa.tests(msg), ours: (await engine.scan(msg)).testNames.filter((t) => t.startsWith('SW_')) });
    // Before any block: the listed relay is listed.
    assert.deepEqual(await both(FROM_LISTED), { sa: ['SW_BLK_LISTED'], ours: ['SW_BLK_LISTED'] });
    // The blocked answer hits, and each program leaves its block file.
    assert.deepEqual(await both(FROM_BLOCKED), { sa: ['SW_BLK_BLOCKED'], ours: ['SW_BLK_BLOCKED'] });
    assert.deepEqual([existsSync(saFile), existsSync(ourFile)], [true, true]);
    assert.ok(logged.some((m) => m.startsWith('check: dns_block_rule SW_BLK_BLOCKED hit, creating ')), logged.join('\n'));
    // While it holds, the zone is not asked: the listed relay goes unnoticed, by another process too.
    assert.deepEqual(await both(FROM_LISTED), { sa: [], ours: [] });
    const other = await createEngine({ noUserConfig: true, configPath: dirs.rules, siteConfigPath: dirs.site, cfLines: cf(), dataDir });
    try {
      assert.deepEqual((await other.scan(FROM_LISTED)).testNames.filter((t) => t.startsWith('SW_')), []);
    } finally {
      await other.close();
    }
    // Past dns_block_time the next query removes the file and is answered again.
    ageOut(saFile);
    ageOut(ourFile);
    assert.deepEqual(await both(FROM_LISTED), { sa: ['SW_BLK_LISTED'], ours: ['SW_BLK_LISTED'] });
    assert.deepEqual([existsSync(saFile), existsSync(ourFile)], [false, false]);
  } finally {
    await engine.close();
    await sa.stop();
  }
});

test('dns_block_rule refuses a domain that could not be a file name, as SpamAssassin does', async () => {
  const engine = await createEngine({ noUserConfig: true, localTestsOnly: true, configPath: dirs.rules, siteConfigPath: dirs.site, cfLines: ['dns_block_rule SW_X ../etc', 'dns_block_rule SW_Y', 'dns_block_rule SW_Z .Zen.Example.'] });
  const errors = engine.diagnostics.map((d) => d.message);
  await engine.close();
  assert.equal(errors.filter((e) => /invalid 'dns_block_rule' value|missing 'dns_block_rule' value/.test(e)).length, 2, errors.join('\n'));
  const lint = spawnSync('spamassassin', ['--lint', `--configpath=${dirs.rules}`, `--siteconfigpath=${dirs.site}`, '--cf=dns_block_rule SW_X ../etc', '--cf=dns_block_rule SW_Y', '--cf=dns_block_rule SW_Z .Zen.Example.'], { encoding: 'latin1' });
  assert.equal((lint.stderr.match(/invalid 'dns_block_rule' value/g) ?? []).length, 2, lint.stderr);
});
