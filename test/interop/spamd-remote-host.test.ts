/**
 * _REMOTEHOSTNAME_ and _REMOTEHOSTADDR_ from spamward spamd and Debian's
 * spamd: spamd names its client by the system's reverse look-up of the
 * peer's address (getnameinfo, /etc/hosts first), so a spamc on 127.0.0.1 is
 * `localhost`, not the address or `[addr]:port`.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { spamcRequest } from '../bench/lib/real-spamd.js';
import { HAM_MESSAGE } from '../helpers/spamd-messages.js';
import { startDebianSpamd, startOurSpamd, type Daemon } from '../helpers/spamd-peers.js';
import { startTogether } from '../helpers/start-together.js';

const CF = ['--cf=add_header all Peer _REMOTEHOSTNAME_ _REMOTEHOSTADDR_'];
let ours: Daemon;
let theirs: Daemon;

before(async () => {
  [ours, theirs] = await startTogether([startOurSpamd(CF), startDebianSpamd(CF)]);
});
after(async () => {
  await Promise.all([ours, theirs].map((d) => d?.stop()));
});

async function peerHeader(d: Daemon): Promise<string> {
  const reply = await spamcRequest(d.port, 'HEADERS', Buffer.from(HAM_MESSAGE, 'latin1'), { timeoutMs: 120_000 });
  return /^X-Spam-Peer: (.*)$/m.exec(reply.body.toString('latin1'))?.[1] ?? '(no X-Spam-Peer header)';
}

it('names a loopback client as spamd does', async () => {
  const theirsSays = await peerHeader(theirs);
  assert.equal(theirsSays, 'localhost 127.0.0.1');
  assert.equal(await peerHeader(ours), theirsSays);
});
