/**
 * How much bytecode V8's optimising compiler may inline into one function
 * (V8's default: 920 bytes in all). A scanning worker's optimised code is
 * still being compiled hundreds of messages after start (docs/speed.md: the
 * compiler's threads were a fifth of the daemon's CPU at the benchmark's
 * measuring point), and each function's compile grows with what it inlines.
 * At half the default: the daemon's CPU per message at 2 in flight after the
 * side-by-side warm-up 8.25-8.88 -> 8.00-8.35 ms (three alternating pairs),
 * and in one engine after 4,000 messages, when compiling has mostly stopped,
 * 4.53-4.56 -> 4.35-4.46 ms: the smaller functions cost no speed once
 * compiled. A quarter of the default measured the same as half.
 *
 * Like the heap limit, it is a V8 flag, so it holds for every thread of the
 * process; each worker sets it before it builds its engine.
 */
import { setFlagsFromString } from 'node:v8';

export const MAX_INLINED_BYTECODE_CUMULATIVE = 460;

export function limitInlining(): void {
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${MAX_INLINED_BYTECODE_CUMULATIVE}`);
}
