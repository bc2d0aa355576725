/**
 * Milter overhead without the engine: messages per second through one
 * connection of the fake MTA, with a fake engine that scores instantly.
 * `node dist/test/bench/milter-throughput.js [messages] [bodyBytes]`.
 */
import { FakeMta } from '../helpers/fake-mta.js';
import { hamMessage, startHarness } from '../helpers/milter-harness.js';

const count = Number(process.argv[2] ?? 2000);
const bodyBytes = Number(process.argv[3] ?? 20_000);
const h = await startHarness();
const mta = await FakeMta.open({ port: h.port });
await mta.negotiate();
await mta.hello({});
const body = `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n'.repeat(Math.ceil(bodyBytes / 58))}`;
const started = process.hrtime.bigint();
const latencies: number[] = [];
for (let i = 0; i < count; i++) {
  const t = process.hrtime.bigint();
  const r = await mta.message({ ...hamMessage(), body });
  if (r.final?.kind !== 'accept') throw new Error(`message ${i}: ${r.final?.kind}`);
  mta.send({ cmd: 'abort' });
  latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
}
const secs = Number(process.hrtime.bigint() - started) / 1e9;
latencies.sort((a, b) => a - b);
const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(2);
console.log(
  `milter throughput: ${count} messages of ${body.length} bytes in ${secs.toFixed(2)} s = ${(count / secs).toFixed(0)} msg/s; ` +
    `latency p50 ${p(0.5)} ms, p90 ${p(0.9)} ms, p99 ${p(0.99)} ms (fake engine, one connection)`,
);
await mta.quit();
await h.milter.close();
