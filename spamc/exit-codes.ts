import { EX } from '../src/protocol/spamd/constants.js';
import { EX_TOOBIG } from '../src/protocol/spamd/reply-parse.js';
import type { SpamcMode } from './options.js';

export { EX_TOOBIG };

/** The exit code the spamc man page gives for "too big" (only -L ever exits with it). */
export const EXIT_TOOBIG = 98;

export interface Outcome {
  stdout: Buffer;
  exit: number;
}

export interface FailurePolicy {
  mode: SpamcMode;
  safeFallback: boolean;
  unavailableTempfail: boolean;
}

/**
 * What spamc prints and returns when a transaction fails (all verified
 * against spamc 4.0.1): PING and learning report the raw code and print
 * nothing; -c/-R/-r print `0/0`, -y an empty line; filtering modes (and -C)
 * pass the input through unless -x. "Too big" is never an error except for -L.
 */
export function failureOutcome(p: FailurePolicy, code: number, input: Buffer): Outcome {
  const tooBig = code === EX_TOOBIG;
  if (p.mode === 'ping' || p.mode === 'learn') {
    return { stdout: Buffer.alloc(0), exit: tooBig ? EXIT_TOOBIG : code };
  }
  const exit = tooBig || p.safeFallback ? 0 : p.unavailableTempfail && code === EX.UNAVAILABLE ? EX.TEMPFAIL : code;
  if (p.mode === 'check' || p.mode === 'report' || p.mode === 'report_ifspam') return { stdout: Buffer.from('0/0\n'), exit };
  if (p.mode === 'symbols') return { stdout: Buffer.from('\n'), exit };
  return { stdout: tooBig || p.safeFallback ? input : Buffer.alloc(0), exit };
}

/** Exit code after a successful scan: -c always tells spam (1) from ham (0); other modes only with -E. */
export function successExit(mode: SpamcMode, isSpam: boolean, useExitCode: boolean): number {
  if (mode === 'check') return isSpam ? EX.ISSPAM : EX.OK;
  if (mode === 'ping' || mode === 'learn' || mode === 'report_msg') return EX.OK;
  return useExitCode && isSpam ? EX.ISSPAM : EX.OK;
}
