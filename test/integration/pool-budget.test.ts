/**
 * The per-message time budget through both daemons, started as the CLI
 * starts them: a user rule that backtracks catastrophically gets a timely
 * answer with the failure policy (spamd's child-timeout reply to Debian's
 * spamc; the milter's --on-error tempfail to the MTA), the log names the
 * rule, the worker is replaced and the next messages are scanned normally.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FakeMta, type TestMessage } from '../helpers/fake-mta.js';
import { hamMessage } from '../helpers/milter-harness.js';
import { startMilterProcess, type MilterProcess } from '../helpers/milter-process.js';
import { startOurSpamd, type Daemon } from '../helpers/spamd-peers.js';
import { requireProgram, run } from '../helpers/spamd-tools.js';
import { spamcRequest } from '../bench/lib/real-spamd.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/rules/', import.meta.url));
// The back-reference keeps the rule on V8 (RE2 would answer a plain /^(a+)+$/ in linear time); its RE2 gate reads
// the back-reference as any text, so it lets the line through and the RegExp backtracks.
const ENGINE_ARGS = ['-C', join(FIXTURES, 'types'), '--siteconfigpath', join(FIXTURES, 'empty-site'), '--cf=body TEST_BT /^(a+)+\\1$/', '--cf=score TEST_BT 1'];
const BACKTRACKING_BODY = `${'a'.repeat(40)}b\n`;
const BACKTRACKING = `From: a@example.org\nTo: b@example.com\nSubject: slow\n\n${BACKTRACKING_BODY}`;
const NORMAL = 'From: a@example.org\nTo: b@example.com\nSubject: quarterly report\nX-Custom-Flag: yes\n\ninvoice attached\n';

describe('spamd: a scan past --timeout-child', () => {
  let spamd: Daemon;
  let spamc: string;
  before(async () => {
    spamc = requireProgram('spamc', 'spamc');
    spamd = await startOurSpamd([...ENGINE_ARGS, '--timeout-child', '2', '-m', '2']);
  });
  after(async () => spamd?.stop());

  it('answers spamc with spamd\'s timeout, names the rule, and scans the next messages', async () => {
    const started = Date.now();
    const stuck = await run(spamc, ['-p', String(spamd.port), '-c', '-x'], BACKTRACKING, 30_000);
    const took = Date.now() - started;
    // spamd's child-timeout reply (79) is a failed check to spamc: without safe fallback (-x), 0/0 and EX_IOERR.
    assert.deepEqual([stuck.stdout.toString(), stuck.code], ['0/0\n', 74]);
    assert.ok(took < 6000, `answered after ${took} ms`);
    const deadline = Date.now() + 5000;
    while (!/worker terminated/.test(spamd.log()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(spamd.log(), /2 second timeout while trying to CHECK/);
    assert.match(spamd.log(), /budget in rule TEST_BT; worker terminated and replaced/);
    const raw = await spamcRequest(spamd.port, 'SYMBOLS', Buffer.from(BACKTRACKING));
    assert.match(raw.status, /^SPAMD\/1\.\d 79 Timeout: \(2 second timeout while trying to SYMBOLS\)$/);
    const [a, b] = await Promise.all([
      run(spamc, ['-p', String(spamd.port), '-c', '-x'], NORMAL, 30_000),
      run(spamc, ['-p', String(spamd.port), '-c', '-x'], NORMAL, 30_000),
    ]);
    assert.deepEqual([a.stdout.toString(), a.code], ['5.5/5.0\n', 1]);
    assert.deepEqual([b.stdout.toString(), b.code], ['5.5/5.0\n', 1]);
  });
});

describe('milter: a scan past --scan-timeout', () => {
  let milter: MilterProcess;
  before(async () => {
    milter = await startMilterProcess([...ENGINE_ARGS, '--scan-timeout', '1.5', '--max-children', '2', '--data-dir', '/nonexistent/spamward']);
  });
  after(async () => milter?.stop(10_000));

  const backtracking = (): TestMessage => ({ ...hamMessage(), body: BACKTRACKING_BODY });

  it('tempfails in time, names the rule, replaces the worker, and scans the next messages', async () => {
    const mta = await FakeMta.open({ port: milter.port });
    mta.timeoutMs = 30_000;
    await mta.negotiate();
    await mta.hello({ client: { hostname: 'mail.sender.example', address: '93.184.216.34' } });
    const started = Date.now();
    const r = await mta.message(backtracking());
    assert.ok(Date.now() - started < 5000, `answered after ${Date.now() - started} ms`);
    assert.deepEqual(r.final, { kind: 'replycode', text: '451 4.7.1 Spam scan failed, please try again later' });
    const deadline = Date.now() + 5000;
    while (!/worker terminated/.test(milter.log()) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    assert.match(milter.log(), /budget in rule TEST_BT; worker terminated and replaced/);
    for (let i = 0; i < 2; i++) {
      const next = await mta.message(hamMessage([['X-Custom-Flag', ' yes']]));
      assert.equal(next.final?.kind, 'accept');
      assert.ok(next.all.some((x) => x.kind === 'addheader' && x.name === 'X-Spam-Status'), 'scanned and tagged');
    }
    await mta.quit();
  });
});
