/**
 * The long fuzz run the milter issue asks for: 1,000,000 cases through the
 * codec and session. `node dist/test/bench/milter-fuzz.js [count] [seed]`.
 */
import { runMilterFuzz } from '../helpers/milter-fuzz.js';

const count = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const started = Date.now();
const stats = runMilterFuzz(count, seed);
const ms = Date.now() - started;
console.log(
  `milter fuzz: ${stats.cases} cases (seed ${seed}), ${stats.frames} frames decoded, ` +
    `${stats.protocolErrors} protocol errors, max buffered ${stats.maxPending} bytes, ${ms} ms, no crash`,
);
