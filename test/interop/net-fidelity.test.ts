/**
 * Fidelity of the network rules: Debian's spamd (network tests on) and
 * Spamward, both with `dns_server` pointed at the same local resolver
 * (unbound in front of rbldnsd and nsd), give the same network rule hits
 * on the fixture messages: DNSBL, URIBL, AskDNS, HashBL, SPF, DKIM and ADSP. DMARC is left out
 * here: SpamAssassin's DMARC plugin hands the lookups to Mail::DMARC, which
 * asks the system resolver and ignores dns_server (so it can only say
 * DMARC_MISSING); net-rules.test.ts checks Spamward's DMARC results.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { createEngine, type SpamwardEngine } from '../../src/engine/index.js';
import { type RealSpamd, spamcRequest, startRealSpamd } from '../bench/lib/real-spamd.js';
import { type NetWorld, startNetWorld } from '../helpers/net-world.js';

let world: NetWorld;
let spamd: RealSpamd;
let engine: SpamwardEngine;

/**
 * SpamAssassin's SPF plugin needs Mail::SPF, which Debian's spamassassin only
 * recommends: installed without recommends, spamd silently checks no SPF at
 * all and this comparison fails on every message without saying why.
 */
function requireMailSpf(): void {
  try {
    execFileSync('perl', ['-MMail::SPF', '-e', '1'], { stdio: 'ignore' });
  } catch {
    throw new Error("Perl's Mail::SPF is not installed, so SpamAssassin checks no SPF: apt-get install -y libmail-spf-perl");
  }
}

before(async () => {
  requireMailSpf();
  world = await startNetWorld();
  spamd = await startRealSpamd({ network: true, children: 1, cf: world.cf });
  engine = await createEngine({ noUserConfig: true, cfLines: world.cf });
});

after(async () => {
  await engine?.close();
  await spamd?.stop();
  await world?.stop();
});

/** Rules that depend on the network: tflags net (metas inherit it in SpamAssassin) or a network plugin eval. */
function isNetworkRule(name: string): boolean {
  if (name.startsWith('DMARC_')) return false;
  if (engine.config.tflags.get(name)?.net !== undefined) return true;
  const def = engine.config.rules.get(name);
  return def?.test.kind === 'eval' && /^check_(rbl|uridnsbl|for_spf|dkim|dmarc|for_dkim|for_def)/.test(def.test.fn);
}

test('the same network rules hit in SpamAssassin and in Spamward', async () => {
  const seen = new Set<string>();
  const diffs: string[] = [];
  for (const [name, msg] of Object.entries(world.messages)) {
    const reply = await spamcRequest(spamd.port, 'SYMBOLS', msg);
    const sa = reply.body.toString('latin1').trim().split(',').filter((r) => r !== '' && isNetworkRule(r)).sort();
    const ours = (await engine.scan(msg)).testNames.filter(isNetworkRule).sort();
    for (const r of sa) seen.add(r);
    if (sa.join(',') !== ours.join(',')) diffs.push(`${name}: SpamAssassin ${sa.join(',')} / Spamward ${ours.join(',')}`);
  }
  assert.deepEqual(diffs, []);
  // Not vacuous: every family of network rule was exercised.
  for (const r of ['RCVD_IN_SBL', 'URIBL_BLACK', 'SW_URI_NSIP', 'SPF_PASS', 'SPF_FAIL', 'DKIM_VALID_AU', 'SW_RBL_ENVFROM', 'SW_ASK_DKIMWL', 'DKIM_ADSP_DISCARD', 'DKIM_ADSP_NXDOMAIN', 'SW_RBL_RCVD', 'SW_RBL_NSFROM', 'SW_RBL_HDR', 'SW_HASHBL_RAW', 'SW_HASHBL_SHA1', 'SW_HASHBL_URI', 'SW_HASHBL_EMAIL', 'SW_HASHBL_EMAIL_HOST', 'SW_HASHBL_TAG_IP', 'SW_HASHBL_TAG_DKIM', 'SW_HASHBL_ATTACH']) assert.ok(seen.has(r), `${r} never hit in SpamAssassin`);
});

/**
 * Each network rule's report block (its line and the lines under it), by
 * rule name. SpamAssassin's rule order varies run to run, and so does the
 * order of a rule's details when several answers came (their arrival order):
 * the lines under a rule are compared sorted.
 */
function networkBlocks(report: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (name !== undefined && isNetworkRule(name)) out.set(name, [lines[0], ...lines.slice(1).sort()].join('\n'));
    name = undefined;
    lines = [];
  };
  for (const line of report.split('\n')) {
    const m = /^\s*-?\d+(?:\.\d)? ([A-Z0-9_]+) /.exec(line);
    if (m) {
      flush();
      name = m[1];
      lines = [line];
    } else if (name !== undefined && /^(?: {20,}\S|\[)/.test(line)) lines.push(line);
    else flush();
  }
  flush();
  return out;
}

test('the network rules\' report lines carry the same details (listed IPs, URIs, answers) as SpamAssassin\'s', async () => {
  const diffs: string[] = [];
  let details = 0;
  for (const [name, msg] of Object.entries(world.messages)) {
    const reply = await spamcRequest(spamd.port, 'REPORT', msg);
    const sa = networkBlocks(reply.body.toString('latin1'));
    const ours = networkBlocks((await engine.scan(msg, { wantReport: true })).report);
    for (const [rule, block] of sa) {
      if (block.includes('\n')) details++;
      if (ours.get(rule) !== block) diffs.push(`${name} ${rule}:\nSpamAssassin:\n${block}\nSpamward:\n${ours.get(rule) ?? '(none)'}`);
    }
  }
  assert.deepEqual(diffs, []);
  assert.ok(details > 0, 'no network rule of SpamAssassin\'s reports had a detail line');
});

/** The `X-Spam-Rbl` header of a message (its value unfolded, one DNS query per line, each query's answers sorted), or undefined. */
function rblLines(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(/\r?\n\s*/)
    .filter((l) => l !== '')
    .map((l) => l.replace(/\[(.*)\]$/, (_, answers: string) => `[${answers.split(', ').sort().join(', ')}]`))
    .sort();
}

/**
 * `_RBL_`: every answer each DNSBL query got, listed or not. SpamAssassin
 * lists the queries (and a query's answers) in Perl hash order, which varies
 * from run to run, so both are compared sorted.
 */
test('the RBL tag lists the same DNSBL queries and answers as SpamAssassin\'s', async () => {
  const cf = [...world.cf, 'add_header all Rbl _RBL_'];
  const withTag = await startRealSpamd({ network: true, children: 1, cf });
  const ours = await createEngine({ noUserConfig: true, cfLines: cf });
  try {
    const diffs: string[] = [];
    let listed = 0;
    for (const [name, msg] of Object.entries(world.messages)) {
      const reply = await spamcRequest(withTag.port, 'HEADERS', msg);
      const saHeader = /^X-Spam-Rbl: ?([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/m.exec(reply.body.toString('latin1'))?.[1];
      const swHeader = (await ours.scan(msg)).addedHeaders.find((h) => h.name === 'X-Spam-Rbl')?.value;
      const sa = rblLines(saHeader);
      if (sa && sa.length > 0) listed++;
      if (JSON.stringify(sa) !== JSON.stringify(rblLines(swHeader))) diffs.push(`${name}: SpamAssassin ${JSON.stringify(saHeader)} / Spamward ${JSON.stringify(swHeader)}`);
    }
    assert.deepEqual(diffs, []);
    assert.ok(listed > 0, 'no message had a DNSBL answer in SpamAssassin');
  } finally {
    await ours.close();
    await withTag.stop();
  }
});
