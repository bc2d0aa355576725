/**
 * The auto-learn word of X-Spam-Status (`_AUTOLEARN_`) from spamward spamd
 * and Debian's spamd 4.0.1 for the same messages and the same store state.
 * SpamAssassin decides first and only then learns: a message it would not
 * learn says `no` even without a usable store, and one it would learn but
 * did not (no store, or learned already: a scan never relearns) says
 * `unavailable`, both with ` autolearn_force=no`.
 * Both daemons read only this test's rules (test/helpers/mini-rules.ts):
 * its own rules score the messages where the stock set puts them (ham
 * under 0.1, spam under the auto-learn threshold of 12, spam over it with
 * header and body points of at least 3 each), and the daemons start in a
 * second or two instead of parsing the stock set.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { spamcRequest } from '../bench/lib/real-spamd.js';
import { miniRules } from '../helpers/mini-rules.js';
import { HAM_MESSAGE, LOTTERY_SPAM } from '../helpers/spamd-messages.js';
import { startDebianSpamd, startOurSpamd, type Daemon } from '../helpers/spamd-peers.js';
import { startTogether } from '../helpers/start-together.js';

/** Spam by its score (9 points here, about 9 from the stock rules), too little for auto-learning (12). */
const WEAK_SPAM = readFileSync(new URL('../../../test/fixtures/messages/nested-mime.eml', import.meta.url), 'latin1');

const CF = [
  // What the stock 10_default_prefs.cf gives, which the mini rule set lacks: the Status header, the
  // required score and the auto-learning settings.
  'add_header all Status "_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_"',
  'required_score 5',
  'bayes_auto_learn 1',
  'bayes_auto_learn_threshold_nonspam 0.1',
  'bayes_auto_learn_threshold_spam 12.0',
  // WEAK_SPAM: 4 header and 5 body points, spam but not enough to learn.
  'header SW_AL_NESTED Subject =~ /^Nested parts test$/',
  'score SW_AL_NESTED 4',
  'body SW_AL_INNER /Inner body text/',
  'score SW_AL_INNER 5',
  // LOTTERY_SPAM: 6 header and 8 body points, learned as spam.
  'header SW_AL_WON Subject =~ /YOU HAVE WON/',
  'score SW_AL_WON 6',
  'body SW_AL_WINNER /DEAR WINNER/',
  'score SW_AL_WINNER 8',
  // HAM_MESSAGE hits nothing (0 points, learned as ham). Our daemon's warm-up scan (test/helpers/spamd-peers.ts)
  // gets 1 point, neither ham nor spam to learn, as with the stock rules (about 5 points), so both stores start empty.
  'header SW_AL_WARM_UP Subject =~ /^warm-up$/',
  'score SW_AL_WARM_UP 1',
].join('\n');
/** Bayes and AutoLearnThreshold: auto-learning as the stock site files load it. */
const RULES = miniRules(['Bayes', 'AutoLearnThreshold'], `${CF}\n`);

let oursNoStore: Daemon;
let theirsNoStore: Daemon;
let oursFresh: Daemon;
let theirsFresh: Daemon;

before(async () => {
  [oursNoStore, theirsNoStore, oursFresh, theirsFresh] = await startTogether([
    startOurSpamd(RULES.spamdArgs),
    startDebianSpamd(RULES.spamdArgs),
    startOurSpamd(RULES.spamdArgs, { freshBayes: true }),
    startDebianSpamd(RULES.spamdArgs, { freshBayes: true }),
  ]);
});
after(async () => {
  await Promise.all([oursNoStore, theirsNoStore, oursFresh, theirsFresh].map((d) => d?.stop()));
  RULES.remove();
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
