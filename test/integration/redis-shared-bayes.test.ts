/**
 * Two `spamward spamd` daemons sharing one real redis-server for Bayes:
 * what one learns through TELL (Debian's `spamc -L`) changes the other's
 * BAYES_xx; when Redis is killed in the middle of a stream of scans every
 * scan still answers, in time, without Bayes (autolearn=unavailable), and
 * learning resumes once Redis is back.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bayesMail } from '../helpers/bayes-mail.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import { type Daemon, startOurSpamd } from '../helpers/spamd-peers.js';
import { requireProgram, run } from '../helpers/spamd-tools.js';
import { startTogether } from '../helpers/start-together.js';

const spamc = requireProgram('spamc', 'spamc');
const TIMEOUT_MS = 300;
/**
 * A scan may take this long while Redis is down: the store timeout plus room for three scans queued on a
 * loaded 2-core machine. Without the timeouts a scan would wait for Redis for ever (ioredis queues commands).
 */
const SCAN_BOUND_MS = TIMEOUT_MS + 8000;

let redis: RedisServer;
let a: Daemon;
let b: Daemon;

const cf = (lines: string[]): string[] => lines.flatMap((l) => ['--cf', l]);
const configDir = mkdtempSync(join(tmpdir(), 'spamward-redis-rules-'));

/**
 * A small self-written rule set (the Bayes bands and scores of the Bayes
 * spec, one ordinary rule) so the daemons start in seconds.
 */
function writeRules(): string[] {
  const rules = join(configDir, 'rules');
  const site = join(configDir, 'site');
  mkdirSync(rules);
  mkdirSync(site);
  writeFileSync(join(rules, 'init.pre'), 'loadplugin Mail::SpamAssassin::Plugin::Bayes\nloadplugin Mail::SpamAssassin::Plugin::AutoLearnThreshold\n');
  const bands: [string, string, string, string][] = [['00', '0.00', '0.01', '-1.9'], ['05', '0.01', '0.05', '-0.5'], ['20', '0.05', '0.20', '-0.001'], ['40', '0.20', '0.40', '-0.001'],
    ['50', '0.40', '0.60', '0.8'], ['60', '0.60', '0.80', '1.5'], ['80', '0.80', '0.95', '2.0'], ['95', '0.95', '0.99', '3.0'], ['99', '0.99', '1.00', '3.5']];
  const lines = bands.flatMap(([n, min, max, score]) => [`body BAYES_${n} eval:check_bayes('${min}', '${max}')`, `tflags BAYES_${n} learn`, `score BAYES_${n} 0 0 ${score} ${score}`]);
  lines.push('header SUBJ_WINNER Subject =~ /\\bwinner\\b/i', 'score SUBJ_WINNER 1.0', 'required_score 5.0',
    'add_header all Status "_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_"');
  writeFileSync(join(rules, '20_test.cf'), `${lines.join('\n')}\n`);
  return ['-C', rules, '--siteconfigpath', site];
}

before(async () => {
  redis = await startRedis({ aof: true });
  const lines = [...redis.cf(1), 'bayes_min_spam_num 3', 'bayes_min_ham_num 3', `bayes_redis_timeout ${TIMEOUT_MS}`];
  const flags = [...writeRules(), ...cf(lines)];
  [a, b] = await startTogether([startOurSpamd(flags), startOurSpamd(flags)]);
});
after(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  rmSync(configDir, { recursive: true, force: true });
});

const text = (r: { stdout: Buffer }): string => r.stdout.toString('latin1');
const rulesOf = async (d: Daemon, msg: string): Promise<string[]> => text(await run(spamc, ['-p', String(d.port), '-y'], msg, 60_000)).split(',');
const bayesRule = (rules: string[]): string | undefined => rules.find((r) => /^BAYES_\d+$/.test(r) && r !== 'BAYES_999');
const tell = async (d: Daemon, as: 'spam' | 'ham', msg: string): Promise<string> => text(await run(spamc, ['-p', String(d.port), '-L', as], msg, 60_000));

/** Scans until the daemon's answer has a BAYES_xx rule again (its Redis link is back), for up to 10 s. */
async function waitForBayes(d: Daemon, probe: string): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  let rules: string[] = [];
  while (Date.now() < deadline && bayesRule(rules) === undefined) {
    rules = await rulesOf(d, probe);
    if (bayesRule(rules) === undefined) await new Promise((r) => setTimeout(r, 100));
  }
  return rules;
}

describe('two spamd daemons share Bayes on one Redis', () => {
  it('what daemon A learns through TELL moves daemon B\'s BAYES_xx', async () => {
    assert.equal(bayesRule(await rulesOf(b, bayesMail('spam', 100))), undefined, 'no Bayes before anything is learned');
    for (let i = 0; i < 4; i++) {
      assert.match(await tell(a, 'spam', bayesMail('spam', i)), /Message successfully un\/learned/);
      assert.match(await tell(a, 'ham', bayesMail('ham', i)), /Message successfully un\/learned/);
    }
    assert.equal(await redis.command(1, 'GET', 'v:NSPAM'), '4');
    assert.equal(await redis.command(1, 'GET', 'v:LAYOUT'), 'sharded 16', 'a new database gets the sharded layout');
    const spamBand = bayesRule(await rulesOf(b, bayesMail('spam', 101)));
    const hamBand = bayesRule(await rulesOf(b, bayesMail('ham', 101)));
    assert.ok(spamBand !== undefined && Number(spamBand.slice(6)) >= 80, `spam probe on B: ${spamBand}`);
    assert.ok(hamBand !== undefined && Number(hamBand.slice(6)) <= 20, `ham probe on B: ${hamBand}`);
  });

  it('Redis killed and restarted during a stream of scans: every scan answers in time, learning resumes', async () => {
    const probe = bayesMail('spam', 102);
    assert.ok(bayesRule(await rulesOf(b, probe)) !== undefined, 'B uses Bayes before the outage');
    const times: number[] = [];
    const statuses: string[] = [];
    let done = 0;
    const scanOne = async (): Promise<void> => {
      const started = Date.now();
      const r = await run(spamc, ['-p', String(b.port), '--headers'], probe, 60_000);
      times.push(Date.now() - started);
      const status = /X-Spam-Status: [^\n]*(?:\n\t[^\n]*)*/.exec(text(r))?.[0] ?? '';
      assert.match(status, /score=/, `a scan failed during the outage: ${text(r).slice(0, 300)}\n${b.log().slice(-2000)}`);
      statuses.push(status);
      done++;
    };
    const stream = async (): Promise<void> => {
      for (let i = 0; i < 12; i++) await scanOne();
    };
    const outage = (async () => {
      while (done < 6) await new Promise((r) => setTimeout(r, 20));
      await redis.kill();
      while (done < 20) await new Promise((r) => setTimeout(r, 20));
      const during = await tell(a, 'spam', bayesMail('spam', 50));
      await redis.restart();
      return during;
    })();
    await Promise.all([stream(), stream(), stream()]);
    const learnedWhileDown = await outage;
    assert.equal(statuses.length, 36);
    assert.ok(Math.max(...times) < SCAN_BOUND_MS, `slowest scan ${Math.max(...times)} ms: ${times.join(' ')}`);
    // The probe is no auto-learn candidate, so SpamAssassin's status word stays "no" (it says "unavailable"
    // only for a message it would have learned): the outage shows as scans without a BAYES_xx rule.
    assert.ok(statuses.some((s) => !/BAYES_\d+/.test(s)), 'scans during the outage run without Bayes');
    assert.ok(statuses.some((s) => /BAYES_\d+/.test(s)), 'scans before the outage used Bayes');
    assert.doesNotMatch(learnedWhileDown, /successfully/, 'nothing is learned while Redis is down');
    assert.match(a.log(), /unavailable/, 'the daemon logs that the store is down');
    // Back up: the data survived (AOF), Bayes is used again and learning works.
    for (const [name, d] of [['B', b], ['A', a]] as const) {
      const rules = await waitForBayes(d, probe);
      assert.ok(bayesRule(rules) !== undefined, `${name} uses Bayes again after the restart: ${rules.join(',')}`);
    }
    // Every scanning worker of a daemon has its own link and reconnects on its own back-off (up to a second),
    // so a TELL may reach a worker still down after a scan on the other one used Bayes: it then answers as spamd
    // does with its store down (no DidSet, nothing written) and the client tries again.
    const tellUntil = Date.now() + 10_000;
    let learnedAfter = await tell(a, 'spam', bayesMail('spam', 51));
    while (!/successfully/.test(learnedAfter) && Date.now() < tellUntil) {
      await new Promise((r) => setTimeout(r, 200));
      learnedAfter = await tell(a, 'spam', bayesMail('spam', 51));
    }
    assert.match(learnedAfter, /Message successfully un\/learned/, `A's log:\n${a.log().slice(-3000)}`);
    assert.equal(await redis.command(1, 'GET', 'v:NSPAM'), '5');
  });
});
