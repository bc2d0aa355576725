/**
 * The auto-learn word of X-Spam-Status (`_AUTOLEARN_`) from spamward spamd
 * and Debian's spamd 4.0.1 for the same messages and the same store state.
 * SpamAssassin decides first and only then learns: a message it would not
 * learn says `no` even without a usable store, and one it would learn but
 * did not (no store, or learned already: a scan never relearns) says
 * `unavailable`, both with ` autolearn_force=no`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { spamcRequest } from '../bench/lib/real-spamd.js';
import { HAM_MESSAGE, LOTTERY_SPAM } from '../helpers/spamd-messages.js';
import { startDebianSpamd, startOurSpamd, type Daemon } from '../helpers/spamd-peers.js';

/** Spam by its score (about 9 points), too little for auto-learning (12). */
const WEAK_SPAM = readFileSync(new URL('../../../test/fixtures/messages/nested-mime.eml', import.meta.url), 'latin1');

let oursNoStore: Daemon;
let theirsNoStore: Daemon;
let oursFresh: Daemon;
let theirsFresh: Daemon;

before(async () => {
  [oursNoStore, theirsNoStore, oursFresh, theirsFresh] = await Promise.all([
    startOurSpamd(),
    startDebianSpamd(),
    startOurSpamd([], { freshBayes: true }),
    startDebianSpamd([], { freshBayes: true }),
  ]);
});
after(async () => {
  await Promise.all([oursNoStore, theirsNoStore, oursFresh, theirsFresh].map((d) => d?.stop()));
});

/** The autolearn part of the X-Spam-Status a HEADERS request gets back, unfolded. */
async function autolearnWord(d: Daemon, message: string): Promise<string> {
  const reply = await spamcRequest(d.port, 'HEADERS', Buffer.from(message, 'latin1'), { timeoutMs: 120_000 });
  const status = /^X-Spam-Status: [^\n]*(?:\n\t[^\n]*)*/m.exec(reply.body.toString('latin1'))?.[0] ?? '';
  return /autolearn=(.*?) version=/.exec(status.replace(/\n\t/g, ' '))?.[1] ?? `(none in ${JSON.stringify(status)})`;
}

async function both(pair: [Daemon, Daemon], message: string): Promise<[string, string]> {
  return [await autolearnWord(pair[0], message), await autolearnWord(pair[1], message)];
}

describe('autolearn= in X-Spam-Status, as SpamAssassin words it', () => {
  it('no usable store: "no" for a message it would not learn, "unavailable" for one it would', async () => {
    const pair: [Daemon, Daemon] = [oursNoStore, theirsNoStore];
    assert.deepEqual(await both(pair, WEAK_SPAM), ['no autolearn_force=no', 'no autolearn_force=no']);
    assert.deepEqual(await both(pair, LOTTERY_SPAM), ['unavailable autolearn_force=no', 'unavailable autolearn_force=no']);
  });

  it('a fresh store: learned the first time, "unavailable" when the same message comes again', async () => {
    const pair: [Daemon, Daemon] = [oursFresh, theirsFresh];
    assert.deepEqual(await both(pair, HAM_MESSAGE), ['ham autolearn_force=no', 'ham autolearn_force=no']);
    assert.deepEqual(await both(pair, HAM_MESSAGE), ['unavailable autolearn_force=no', 'unavailable autolearn_force=no']);
    assert.deepEqual(await both(pair, LOTTERY_SPAM), ['spam autolearn_force=no', 'spam autolearn_force=no']);
    assert.deepEqual(await both(pair, WEAK_SPAM), ['no autolearn_force=no', 'no autolearn_force=no']);
  });
});
