/**
 * The scanning pool against the in-process engine: same verdicts and
 * byte-identical renderings, concurrent scans on two workers, the time
 * budget (a catastrophically backtracking user rule), reload under load and
 * learning that outlives the pool.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openInProcessScanner, openScanner, type Scanner } from '../../src/cli/scanner.js';
import type { Verdict } from '../../src/engine/index.js';
import { TimeoutError } from '../../src/util/errors.js';
import { buildMessage } from '../helpers/messages.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));
const RULES = join(FIXTURES, 'rules/types');
const SITE = join(FIXTURES, 'rules/empty-site');
const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';
const BACKTRACKS = buildMessage({ body: `${'a'.repeat(40)}b\n` });

function fixtureMessages(): Buffer[] {
  const dir = join(FIXTURES, 'messages');
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  return [
    ...files.map((f) => readFileSync(join(dir, f))),
    buildMessage({ body: `${GTUBE}\n` }),
    buildMessage({ headers: { Subject: 'quarterly report', 'X-Custom-Flag': 'yes' }, body: 'invoice attached, widget widget widget\n' }),
  ];
}

/** The verdict's data; `report` only when the scan asked for it (a pooled verdict throws on it otherwise). */
function dataOf(v: Verdict, withReport = false): object {
  const { elapsedMs: _e, rewrittenMessage: _m, rewrittenHeaderSection: _h, report: _r, ...data } = Object.getOwnPropertyDescriptors(v);
  const plain = Object.fromEntries(Object.entries(data).map(([k, d]) => [k, d.value]));
  return withReport ? { ...plain, report: v.report } : plain;
}

/** Everything a front end reads of a verdict; the random MIME boundary of report_safe encapsulation is masked. */
function observable(v: Verdict): unknown {
  const mask = (b: Buffer) =>
    b
      .toString('latin1')
      .replace(/=_[0-9A-F]{8}\.[0-9A-F]{8}/g, '=_BOUNDARY')
      .replace(/[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}/g, 'DATE');
  return { data: dataOf(v, true), message: mask(v.rewrittenMessage()), headers: mask(v.rewrittenHeaderSection()) };
}

const opened: Scanner[] = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(opened.map((s) => s.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function open(...args: Parameters<typeof openScanner>): Promise<Scanner> {
  const s = await openScanner(...args);
  opened.push(s);
  return s;
}

describe('scanning pool', () => {
  it('gives the in-process engine\'s verdicts, byte for byte, with the stock ruleset', async () => {
    const engine = { localTestsOnly: true, noUserConfig: true, cfLines: ['use_bayes 0'] };
    const [pool, local] = await Promise.all([open({ engine, maxChildren: 1 }), openInProcessScanner({ engine })]);
    opened.push(local);
    for (const raw of fixtureMessages()) {
      const [a, b] = [await pool.scan(Buffer.from(raw), { wantReport: true }), await local.scan(Buffer.from(raw))];
      assert.deepEqual(observable(a), observable(b));
    }
    const only = await pool.scan(fixtureMessages()[0] as Buffer, { render: 'headers' });
    assert.ok(only.rewrittenHeaderSection().length > 0);
    assert.throws(() => only.rewrittenMessage(), /render: 'message'/);
    // The report text is built and sent only for a caller that reads it (REPORT, REPORT_IFSPAM).
    assert.throws(() => only.report, /wantReport/);
    // Large enough to own its memory (small Buffers share Node's pool and are copied instead).
    const handed = buildMessage({ body: 'plain words\n'.repeat(1000) });
    const copy = Buffer.from(handed);
    const v = await pool.scan(handed, { render: 'none', handOver: true });
    assert.deepEqual(dataOf(v), dataOf(await local.scan(copy)));
    assert.equal(handed.length, 0, 'a handed-over message moves to the worker without a copy');
  });

  it('scans concurrently on two workers, with a bounded queue', async () => {
    const pool = await open({ engine: { configPath: RULES, siteConfigPath: SITE, noUserConfig: true }, maxChildren: 2 });
    const msgs = fixtureMessages();
    let done = 0;
    const all = Promise.all(msgs.map((m) => pool.scan(Buffer.from(m)).then((v) => (done++, v))));
    await new Promise((r) => setImmediate(r));
    const s = pool.stats();
    assert.equal(s.workers, 2);
    // A worker may already have answered its first message on a loaded machine: what is left is two running, the rest waiting.
    assert.ok(done < msgs.length - 2, `${done} of ${msgs.length} already answered`);
    assert.equal(s.busy, 2);
    assert.equal(s.queued, msgs.length - done - 2);
    const verdicts = await all;
    assert.equal(verdicts.length, msgs.length);
    for (const name of ['T_BODY_WORD', 'T_HDR_EXISTS', 'T_HDR_SUBJ', 'T_META_COUNT']) assert.ok(verdicts.at(-1)?.testNames.includes(name), name);
    assert.deepEqual(pool.stats(), { busy: 0, queued: 0, workers: 2, timeouts: 0, errors: 0, recycled: 0 });
  });

  it('terminates a scan past its budget, names the rule, replaces the worker and scans on', async () => {
    const logs: string[] = [];
    const pool = await open({
      // The back-reference keeps the rule on V8 (RE2 would answer a plain /^(a+)+$/ in linear time); its RE2 gate reads
      // the back-reference as any text, so it lets the line through and the RegExp backtracks.
      engine: { configPath: RULES, siteConfigPath: SITE, noUserConfig: true, cfLines: ['body TEST_BT /^(a+)+\\1$/', 'score TEST_BT 1'] },
      maxChildren: 2,
      timeoutMs: 1500,
      log: (level, m) => logs.push(`${level}: ${m}`),
    });
    const started = Date.now();
    const stuck = pool.scan(Buffer.from(BACKTRACKS));
    const beside = await pool.scan(fixtureMessages().at(-1) as Buffer);
    assert.ok(Date.now() - started < 1500, 'the other worker does not wait for the stuck one');
    assert.ok(beside.testNames.includes('T_META_COUNT'));
    await assert.rejects(stuck, (e: unknown) => e instanceof TimeoutError && /in rule TEST_BT/.test(e.message));
    assert.ok(Date.now() - started < 4000, `answered after ${Date.now() - started} ms`);
    assert.match(logs.join('\n'), /warn: .*1500 ms budget in rule TEST_BT; worker terminated and replaced/);
    assert.equal(pool.stats().timeouts, 1);
    const next = await pool.scan(fixtureMessages().at(-1) as Buffer);
    assert.ok(next.testNames.includes('T_META_COUNT'), 'the next message is scanned normally');
    await Promise.all([pool.scan(Buffer.from(BACKTRACKS.subarray(0, 20))), pool.scan(Buffer.from(GTUBE))]);
    assert.equal(pool.stats().workers, 2, 'the replacement took the terminated worker\'s place');
  });

  it('reloads every worker without refusing scans', async () => {
    const pool = await open({ engine: { configPath: RULES, siteConfigPath: SITE, noUserConfig: true }, maxChildren: 2 });
    const msgs = fixtureMessages();
    const during = Promise.all([...msgs, ...msgs].map((m) => pool.scan(Buffer.from(m))));
    await pool.reload();
    const after = await Promise.all(msgs.map((m) => pool.scan(Buffer.from(m))));
    assert.equal((await during).length, msgs.length * 2);
    assert.equal(after.length, msgs.length);
    assert.equal(pool.stats().workers, 2);
  });

  it('logs what is wrong in the configuration when the workers start and again on reload, and scans with the rest', async () => {
    const site = mkdtempSync(join(tmpdir(), 'spamward-pool-site-'));
    dirs.push(site);
    writeFileSync(join(site, 'local.cf'), 'body SW_BROKEN /unclosed(/\nbody SW_NOPLUGIN eval:check_microsoft_executable()\nscore SW_NOPLUGIN 1\n');
    const logs: string[] = [];
    const pool = await open({ engine: { configPath: RULES, siteConfigPath: site, noUserConfig: true }, maxChildren: 2, log: (level, m) => logs.push(`${level}: ${m}`) });
    const file = join(site, 'local.cf');
    const expected = [`warn: config: ${file}:1: rule SW_BROKEN: /unclosed(/: unmatched ( in regex (at offset 8)`, `warn: config: ${file}:2: rule SW_NOPLUGIN: unknown eval 'check_microsoft_executable'`];
    assert.deepEqual(logs, expected, 'once for the generation, not once per worker');
    assert.ok((await pool.scan(fixtureMessages().at(-1) as Buffer)).testNames.includes('T_BODY_WORD'), 'the other rules run');
    await pool.reload();
    assert.deepEqual(logs.filter((l) => l.includes('config:')), [...expected, ...expected]);
    // The same from a scanner on the event loop (--max-children 0).
    const inProcessLogs: string[] = [];
    const local = await openInProcessScanner({ engine: { configPath: RULES, siteConfigPath: site, noUserConfig: true }, log: (level, m) => inProcessLogs.push(`${level}: ${m}`) });
    opened.push(local);
    await local.reload();
    assert.deepEqual(inProcessLogs, [...expected, ...expected]);
  });

  it('replaces a worker after its allotted requests, scanning on while the successor starts', async () => {
    const logs: string[] = [];
    const pool = await open({ engine: { configPath: RULES, siteConfigPath: SITE, noUserConfig: true }, maxChildren: 1, maxRequestsPerWorker: 3, log: (_l, m) => logs.push(m) });
    const msgs = fixtureMessages();
    const expected = await Promise.all(msgs.map((m) => pool.scan(Buffer.from(m))));
    // Scans go on while each successor starts (the old worker serves until it is ready), until two have taken over.
    const until = Date.now() + 60_000;
    while (pool.stats().recycled < 2) {
      assert.ok(Date.now() < until, `recycled ${pool.stats().recycled} in a minute: ${logs.join('\n')}`);
      const verdicts = await Promise.all(msgs.map((m) => pool.scan(Buffer.from(m))));
      assert.deepEqual(verdicts.map((v) => v.testNames), expected.map((v) => v.testNames));
      await new Promise((r) => setTimeout(r, 20));
    }
    const s = pool.stats();
    assert.ok(s.recycled >= 2, `recycled ${s.recycled}: ${logs.join('\n')}`);
    assert.equal(s.workers, 1, 'a successor takes its predecessor\'s place, it is not added');
    assert.equal(s.errors, 0);
    assert.match(logs.join('\n'), /worker retired after \d+ requests \(max 3\)/);
    const after = await pool.scan(Buffer.from(msgs.at(-1) as Buffer));
    assert.deepEqual(after.testNames, expected.at(-1)?.testNames);
  });

  it('learns through the pool, durably', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pool-learn-'));
    dirs.push(dataDir);
    const engine = { configPath: RULES, siteConfigPath: SITE, noUserConfig: true, dataDir, cfLines: ['use_bayes 1', 'bayes_auto_learn 0'] };
    const spam = buildMessage({ headers: { 'Message-ID': '<learn-1@example.org>' }, body: 'cheap widgets for sale\n' });
    const pool = await openScanner({ engine, maxChildren: 2 });
    assert.deepEqual(await pool.learn(Buffer.from(spam), 'spam'), { learned: true });
    // Both workers see the store: the same message is already learned whichever answers.
    const again = await Promise.all([pool.learn(Buffer.from(spam), 'spam'), pool.learn(Buffer.from(spam), 'spam')]);
    assert.deepEqual(again.map((r) => r.learned), [false, false]);
    await pool.close();
    const fresh = await openInProcessScanner({ engine });
    opened.push(fresh);
    assert.equal((await fresh.learn(Buffer.from(spam), 'spam')).learned, false, 'the learn outlived the pool');
    assert.equal((await fresh.learn(Buffer.from(spam), 'ham')).learned, true);
  });
});
