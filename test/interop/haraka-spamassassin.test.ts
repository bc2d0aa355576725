/**
 * Haraka 3 with its spamassassin plugin (the npm packages, real code: HEADERS
 * SPAMC/1.4 without Content-length, half-close, then it parses `Spam:` and
 * the X-Spam-* headers) in front of spamward spamd, and a second Haraka in
 * front of Debian's spamd: for the same message both must accept or reject
 * with the same reply, munge the subject alike and queue the same X-Spam-*
 * headers (X-Spam-Checker-Version names each checker, by design).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Haraka, startHaraka } from '../helpers/haraka.js';
import { smtpSend, type SmtpReply } from '../helpers/milter-smtp.js';
import { HAM_MESSAGE, LOTTERY_SPAM, SPAM_MESSAGE } from '../helpers/spamd-messages.js';
import { startDebianSpamd, startOurSpamd, type Daemon } from '../helpers/spamd-peers.js';
import { startTogether } from '../helpers/start-together.js';

/** Score 1000 (GTUBE) is rejected, 20 (the lottery) only tagged and munged. */
const PLUGIN_INI = ['reject_threshold=100', 'munge_subject_threshold=5', 'add_headers=true'];

let ours: Daemon;
let theirs: Daemon;
let viaOurs: Haraka;
let viaTheirs: Haraka;

before(async () => {
  [ours, theirs] = await startTogether([startOurSpamd(), startDebianSpamd()]);
  [viaOurs, viaTheirs] = await startTogether([startHaraka(ours.port, PLUGIN_INI), startHaraka(theirs.port, PLUGIN_INI)]);
});
after(async () => {
  await Promise.all([viaOurs?.stop(), viaTheirs?.stop(), ours?.stop(), theirs?.stop()]);
});

interface Delivery {
  final: SmtpReply;
  /** The queued message's Subject and X-Spam-* header lines, unfolded; undefined when nothing was queued. */
  headers: string[] | undefined;
}

async function deliver(h: Haraka, message: string): Promise<Delivery> {
  const before = h.queued().length;
  const r = await smtpSend({ port: h.port, helo: 'client.example.net', from: 'sender@example.net', to: ['recipient@example.org'], data: message.replace(/\r?\n/g, '\r\n') });
  const queued = h.queued();
  const text = queued.length > before ? queued[queued.length - 1] : undefined;
  // Haraka's transaction id (a fresh UUID) is the one part of its reply that differs by nature.
  const final = { ...r.final, text: r.final.text.replace(/\b[0-9A-F]{8}(?:-[0-9A-F]{4}){3}-[0-9A-F]{12}(?:\.\d+)?\b/g, '<id>') };
  return { final, headers: text === undefined ? undefined : spamHeaders(text) };
}

function spamHeaders(message: string): string[] {
  const head = message.slice(0, message.search(/\r?\n\r?\n/));
  return head
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .filter((l) => /^(?:Subject|X-Spam-[\w-]+):/i.test(l));
}

/** Both deliveries, each checker's version line checked and then left out of the comparison. */
async function both(message: string): Promise<[Delivery, Delivery]> {
  const o = await deliver(viaOurs, message);
  const t = await deliver(viaTheirs, message);
  for (const [d, who] of [[o, /^X-Spam-Checker-Version: Spamward \S+ \(\d{4}-\d\d-\d\d\) on \S+$/], [t, /^X-Spam-Checker-Version: SpamAssassin 4\.0\.1 \(\d{4}-\d\d-\d\d\) on \S+$/]] as const) {
    if (d.headers === undefined) continue;
    assert.ok(d.headers.some((l) => who.test(l)), JSON.stringify(d.headers));
    d.headers = d.headers.filter((l) => !l.startsWith('X-Spam-Checker-Version:'));
  }
  return [o, t];
}

describe('Haraka\'s spamassassin plugin with spamward spamd, as with Debian\'s spamd', () => {
  it('ham: queued with the same X-Spam-* headers', async () => {
    const [o, t] = await both(HAM_MESSAGE);
    assert.equal(o.final.code, 250, `${o.final.code} ${o.final.text}\n${viaOurs.log().slice(-2000)}`);
    assert.ok(o.headers?.some((l) => l.startsWith('X-Spam-Status: No, score=')), JSON.stringify(o.headers));
    assert.deepEqual(o, t);
  });

  it('spam under the reject threshold: queued, subject munged, flagged, the same headers', async () => {
    const [o, t] = await both(LOTTERY_SPAM);
    assert.equal(o.final.code, 250, o.final.text);
    assert.ok(o.headers?.some((l) => l.startsWith('Subject: *** SPAM *** ')), JSON.stringify(o.headers));
    assert.ok(o.headers?.some((l) => /^X-Spam-Flag: YES/i.test(l)), JSON.stringify(o.headers));
    assert.deepEqual(o, t);
  });

  it('GTUBE over the reject threshold: the same 5xx reply, nothing queued', async () => {
    const [o, t] = await both(SPAM_MESSAGE);
    assert.ok(o.final.code >= 500 && o.final.code < 600, `${o.final.code} ${o.final.text}`);
    assert.equal(o.headers, undefined);
    assert.deepEqual(o, t);
  });
});
