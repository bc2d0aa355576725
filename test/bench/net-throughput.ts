/**
 * Throughput with network tests on, against local DNS servers (rbldnsd and
 * nsd behind unbound, see test/helpers/net-world.ts): Spamward's async
 * scan() and Debian's spamd (network tests on, same dns_server, same
 * rules) over the same messages in the same run, printed as a ratio.
 * Every query of a message is in flight while its local rules run.
 * `node dist/test/bench/net-throughput.js [perCorpusGroup] [concurrency]`.
 */
import { createEngine } from '../../src/engine/index.js';
import { loadCorpus } from './lib/corpus.js';
import { spamcRequest, startRealSpamd } from './lib/real-spamd.js';
import { startNetWorld } from '../helpers/net-world.js';

const perGroup = Number(process.argv[2] ?? 20);
const concurrency = Number(process.argv[3] ?? 2);

async function pool<T>(items: readonly T[], width: number, run: (item: T) => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await run(items[next++] as T);
    }),
  );
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const world = await startNetWorld();
try {
  const messages = [...Object.values(world.messages), ...loadCorpus(undefined, perGroup).map((m) => m.raw)];
  const engine = await createEngine({ noUserConfig: true, cfLines: world.cf });
  const spamd = await startRealSpamd({ network: true, children: concurrency, cf: world.cf });
  try {
    // Warm-up: rule compilation and the resolver's cache on both sides.
    for (const m of messages.slice(0, 5)) {
      await engine.scan(m);
      await spamcRequest(spamd.port, 'SYMBOLS', m);
    }
    let netHits = 0;
    const ours = await pool(messages, concurrency, async (m) => {
      const v = await engine.scan(m);
      if (v.testNames.some((t) => /^(RCVD_IN_|URIBL_|SPF_|DKIM_|DMARC_|SW_)/.test(t))) netHits++;
    });
    const local = await pool(messages, concurrency, (m) => engine.scan(m, { localTestsOnly: true }));
    const theirs = await pool(messages, concurrency, (m) => spamcRequest(spamd.port, 'SYMBOLS', m));
    const rate = (secs: number) => (messages.length / secs).toFixed(1);
    console.log(
      `network-test throughput (${messages.length} messages, ${concurrency} at a time, local rbldnsd/nsd/unbound): ` +
        `Spamward ${rate(ours)} msg/s (${netHits} with network hits; ${rate(local)} msg/s with -L), ` +
        `SpamAssassin spamd ${rate(theirs)} msg/s; ratio ${(theirs / ours).toFixed(2)}x SpamAssassin's speed`,
    );
    await engine.close();
  } finally {
    await spamd.stop();
  }
} finally {
  await world.stop();
}
