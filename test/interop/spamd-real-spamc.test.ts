/**
 * Debian spamc 4.0.1 → spamward spamd (real engine), next to Debian spamc →
 * Debian spamd for the same message. Where the output depends only on the
 * protocol it must be identical; where it depends on scores (the engines
 * may still differ) the shapes must match. Both daemons run in their default
 * configuration (the stock rules): ours listens on TCP and on a Unix socket
 * at once, so one daemon (and one rule compilation per worker) serves every
 * case; each case asks the two daemons side by side.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HAM_MESSAGE, OVERSIZE_MESSAGE, SPAM_MESSAGE } from '../helpers/spamd-messages.js';
import { startDebianSpamd, startOurSpamd, type Daemon } from '../helpers/spamd-peers.js';
import { requireProgram, run, type RunResult } from '../helpers/spamd-tools.js';
import { startTogether } from '../helpers/start-together.js';

const spamc = requireProgram('spamc', 'spamc');
const dir = mkdtempSync(join(tmpdir(), 'spamd-interop-'));
const sock = join(dir, 'spamd.sock');
let ours: Daemon;
let theirs: Daemon;

before(async () => {
  // The helper gives ours `-i 127.0.0.1 -p PORT` too: the socket is a second listener beside TCP.
  [ours, theirs] = await startTogether([startOurSpamd(['--socketpath', sock]), startDebianSpamd()]);
});
after(async () => {
  await Promise.all([ours?.stop(), theirs?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const to = (d: Daemon) => ['-d', '127.0.0.1', '-p', String(d.port)];
/** The same spamc command line against ours and against Debian's spamd, at the same time. */
function both(args: string[], input: string): Promise<[RunResult, RunResult]> {
  return Promise.all([run(spamc, [...to(ours), ...args], input, 120_000), run(spamc, [...to(theirs), ...args], input, 120_000)]);
}
const text = (r: RunResult) => r.stdout.toString('latin1');
const SCORE_LINE = /^-?\d+\.\d\/5\.0\n/;

describe('Debian spamc talks to spamward spamd', () => {
  it('-c: score line and exit code by verdict', async () => {
    for (const msg of [HAM_MESSAGE, SPAM_MESSAGE]) {
      const [o, t] = await both(['-c'], msg);
      assert.match(text(o), /^-?\d+\.\d\/5\.0\n$/);
      const [score] = text(o).split('/');
      assert.equal(o.code, Number(score) >= 5 ? 1 : 0, text(o));
      if (msg === SPAM_MESSAGE) assert.deepEqual([text(o), o.code], [text(t), t.code], 'GTUBE scores 1000 in both');
    }
  });

  it('-E, -y, -R, -r and --headers have the shapes real spamd gives', async () => {
    for (const msg of [HAM_MESSAGE, SPAM_MESSAGE]) {
      const spam = msg === SPAM_MESSAGE;
      const [e, te] = await both(['-E'], msg);
      assert.equal(e.code, te.code, '-E exit');
      assert.match(text(e), /^(Received: from localhost by |X-Spam-Checker-Version: )/);
      const [y, ty] = await both(['-y'], msg);
      assert.match(text(y), /^[A-Z0-9_,]*$/, '-y prints the list without a newline');
      assert.equal(y.code, ty.code);
      if (spam) assert.ok(text(y).split(',').includes('GTUBE'));
      const [R] = await both(['-R'], msg);
      assert.match(text(R), SCORE_LINE);
      const [r, tr] = await both(['-r'], msg);
      // spamd answers REPORT_IFSPAM with "Yes", which spamc does not read as spam: never a score line.
      assert.doesNotMatch(text(r), SCORE_LINE);
      assert.equal(text(r) === '', text(tr) === '', '-r prints a report for spam only');
      const [h] = await both(['--headers'], msg);
      assert.ok(text(h).endsWith(msg.slice(msg.indexOf('\n\n') + 2)), '--headers keeps the original body');
      assert.match(text(h), /X-Spam-Status: (Yes|No), score=/);
    }
  });

  it('protocol-only outputs are identical: -K, -L/-C with --allow-tell, -z, -s, -u, -x, -t, -l', async () => {
    const cases = [['-K'], ['-L', 'ham'], ['-L', 'spam'], ['-L', 'forget'], ['-C', 'report'], ['-C', 'revoke'], ['-z', '-c'], ['-s', '20', '-c'], ['-s', '20']];
    for (const args of cases) {
      const [o, t] = await both(args, HAM_MESSAGE);
      assert.deepEqual([text(o), o.code], [text(t), t.code], args.join(' '));
    }
    for (const args of [['-u', 'alice', '-c'], ['-x', '-c'], ['-t', '60', '-c'], ['-l', '-c']]) {
      const [o, t] = await both(args, SPAM_MESSAGE);
      assert.deepEqual([text(o), o.code], [text(t), t.code], args.join(' '));
    }
    const [big, tbig] = await both([], OVERSIZE_MESSAGE);
    assert.deepEqual([big.code, text(big) === OVERSIZE_MESSAGE], [tbig.code, true]);
  });

  it('over a Unix socket', async () => {
    const r = await run(spamc, ['-U', sock, '-c'], SPAM_MESSAGE, 120_000);
    assert.deepEqual([text(r), r.code], ['1000.0/5.0\n', 1]);
  });
});
