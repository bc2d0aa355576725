import { EX } from '../src/protocol/spamd/constants.js';
import { formatOneDecimal } from '../src/protocol/spamd/score-format.js';
import { joinBsmtp, splitBsmtp, type BsmtpParts } from './bsmtp.js';
import { SpamdClient, SpamcError, type ScanResult } from './client.js';
import { combineArgs } from './config-file.js';
import { EX_TOOBIG, failureOutcome, successExit, type Outcome } from './exit-codes.js';
import { parseSpamcArgs } from './getopt.js';
import { createSpamcLog } from './log.js';
import { modeOf, type SpamcMode, type SpamcOptions } from './options.js';
import { usageText, versionText } from './usage.js';

/** The process around one spamc run, replaceable in tests. */
export interface SpamcIO {
  /** Reads up to `n` bytes of stdin (fewer at EOF). */
  readInput(n: number): Promise<Buffer>;
  /** Copies the rest of stdin, after what readInput returned, to the output. */
  copyRestOfInput(write: (b: Buffer) => Promise<void>): Promise<void>;
  writeStdout(b: Buffer): Promise<void>;
  writeStderr(s: string): void;
  /** Name of the effective user (spamc's default `User:`). */
  userName(): string;
  /** `-e`: runs the command with `output` on its stdin and returns its exit status. */
  pipeTo(argv: string[], output: Buffer): Promise<number>;
  /** Config file used when no -F is given. */
  defaultConfigFile?: string;
}

/** Runs one spamc invocation; returns the exit code. */
export async function runSpamc(args: readonly string[], io: SpamcIO): Promise<number> {
  const combined = combineArgs(args, io.defaultConfigFile);
  if (!combined.ok) {
    io.writeStderr(combined.stderr);
    return combined.code;
  }
  const parsed = parseSpamcArgs(combined.args);
  const log = createSpamcLog(parsed.options.logToStderr, (s) => io.writeStderr(s));
  for (const w of parsed.warnings) log(w);
  if (parsed.kind === 'exit') {
    io.writeStderr(parsed.stderr);
    if (parsed.usage) await io.writeStdout(Buffer.from(usageText()));
    else if (parsed.options.version) await io.writeStdout(Buffer.from(versionText()));
    return parsed.code;
  }
  return runParsed(parsed.options, io, log);
}

async function runParsed(o: SpamcOptions, io: SpamcIO, log: (m: string) => void): Promise<number> {
  const mode = modeOf(o);
  const input = mode === 'ping' ? Buffer.alloc(0) : await io.readInput(o.maxSize + 1);
  const outcome = await scanInput(o, mode, input, io, log);
  if (o.pipeTo !== undefined) return io.pipeTo(o.pipeTo, outcome.stdout);
  await io.writeStdout(outcome.stdout);
  // On pass-through spamc copies the rest of a large input as well.
  if (outcome.stdout === input) await io.copyRestOfInput((b) => io.writeStdout(b));
  return outcome.exit;
}

async function scanInput(o: SpamcOptions, mode: SpamcMode, input: Buffer, io: SpamcIO, log: (m: string) => void): Promise<Outcome> {
  const policy = { mode, safeFallback: o.safeFallback, unavailableTempfail: o.unavailableTempfail };
  if (mode !== 'ping' && input.length === 0) return failureOutcome(policy, EX.IOERR, input);
  if (input.length > o.maxSize) {
    log(`skipped message, greater than max message size (${o.maxSize} bytes)`);
    return failureOutcome(policy, EX_TOOBIG, input);
  }
  let bsmtp: BsmtpParts | undefined;
  if (o.bsmtp && mode !== 'ping') {
    bsmtp = splitBsmtp(input);
    if (bsmtp === undefined) return failureOutcome(policy, EX.DATAERR, input);
  }
  const message = bsmtp?.message ?? input;
  try {
    const out = await talk(o, mode, message, io, log);
    const wrap = bsmtp !== undefined && mode !== 'check' && mode !== 'learn' && mode !== 'report_msg';
    return wrap ? { ...out, stdout: joinBsmtp(bsmtp as BsmtpParts, out.stdout) } : out;
  } catch (err) {
    const code = err instanceof SpamcError ? err.exit : EX.SOFTWARE;
    if (!(err instanceof SpamcError)) log(`unexpected error: ${String(err)}`);
    return failureOutcome(policy, code, input);
  }
}

function clientFor(o: SpamcOptions, io: SpamcIO, log: (m: string) => void, prefixLen: number): SpamdClient {
  return new SpamdClient({
    hosts: o.hosts,
    port: o.port,
    ...(o.socketPath !== undefined ? { socketPath: o.socketPath } : {}),
    randomize: o.randomize,
    ...(o.family !== undefined ? { family: o.family } : {}),
    failover: o.safeFallback,
    connectRetries: o.connectRetries,
    retrySleep: o.retrySleep,
    ...(o.connectTimeout !== undefined && o.connectTimeout > 0 ? { connectTimeout: o.connectTimeout } : {}),
    timeout: o.timeout,
    filterRetries: o.filterRetries,
    filterRetrySleep: o.filterRetrySleep,
    user: o.user ?? io.userName(),
    compress: o.compress,
    maxReplyBody: o.maxSize + 16384 - prefixLen,
    ...(o.ssl ? { tls: tlsOptions(o) } : {}),
    log,
  });
}

function tlsOptions(o: SpamcOptions) {
  return {
    ...(o.sslCert ? { cert: o.sslCert } : {}),
    ...(o.sslKey ? { key: o.sslKey } : {}),
    ...(o.sslCaFile ? { caFile: o.sslCaFile } : {}),
    ...(o.sslCaPath ? { caPath: o.sslCaPath } : {}),
  };
}

/** `%.1f/%.1f\n` of score and threshold as libspamc prints them. */
function scoreLine(r: ScanResult): string {
  return `${formatOneDecimal(r.score)}/${formatOneDecimal(r.threshold)}\n`;
}

type Talker = (c: SpamdClient, message: Buffer, o: SpamcOptions) => Promise<Outcome>;

/** How each mode talks to spamd and renders the answer (spamc-cli.md §2). */
const TALKERS: Record<SpamcMode, Talker> = {
  check: async (c, m) => scanned('check', await c.check(m), (r) => scoreLine(r)),
  symbols: async (c, m, o) => scanned('symbols', await c.symbols(m), (r) => r.body, o.exitCode),
  report: async (c, m, o) => scanned('report', await c.report(m), (r) => Buffer.concat([Buffer.from(scoreLine(r)), r.body]), o.exitCode),
  report_ifspam: async (c, m, o) =>
    scanned('report_ifspam', await c.reportIfSpam(m), (r) => Buffer.concat([Buffer.from(r.isSpam ? scoreLine(r) : ''), r.body]), o.exitCode),
  process: async (c, m, o) => scanned('process', await c.process(m), (r) => r.body, o.exitCode),
  headers: async (c, m, o) => scanned('headers', await c.headers(m), (r) => Buffer.concat([r.body, originalBody(m)]), o.exitCode),
  ping: async (c) => {
    const p = await c.ping();
    return { stdout: Buffer.from(`SPAMD/${p.version} ${p.code}\n`), exit: EX.OK };
  },
  learn: async (c, m, o) => {
    const forget = o.learnType === 'forget';
    const r = await c.tell(m, forget ? { remove: { local: true } } : { messageClass: o.learnType === 'spam' ? 'spam' : 'ham', set: { local: true } });
    const done = forget ? r.didRemove.local : r.didSet.local;
    return { stdout: Buffer.from(done ? 'Message successfully un/learned\n' : 'Message was already un/learned\n'), exit: EX.OK };
  },
  report_msg: async (c, m, o) => {
    const revoke = o.reportType === 'revoke';
    const r = await c.tell(m, revoke ? { messageClass: 'ham', set: { local: true }, remove: { remote: true } } : { messageClass: 'spam', set: { local: true, remote: true } });
    const done = revoke ? r.didRemove.remote : r.didSet.remote;
    return { stdout: Buffer.from(done ? 'Message successfully reported/revoked\n' : 'Unable to report/revoke message\n'), exit: EX.OK };
  },
};

function scanned(mode: SpamcMode, r: ScanResult, render: (r: ScanResult) => Buffer | string, useExitCode = false): Outcome {
  const out = render(r);
  return { stdout: typeof out === 'string' ? Buffer.from(out, 'latin1') : out, exit: successExit(mode, r.isSpam, useExitCode) };
}

/** The input's body as spamc finds it: after the first CRLFCRLF or LFLF, whichever comes first. */
export function originalBody(message: Buffer): Buffer {
  const crlf = message.indexOf('\r\n\r\n');
  const lf = message.indexOf('\n\n');
  if (crlf < 0 && lf < 0) throw new SpamcError(EX.SOFTWARE, 'failed to find end-of-headers');
  return crlf >= 0 && (lf < 0 || crlf < lf) ? message.subarray(crlf + 4) : message.subarray(lf + 2);
}

async function talk(o: SpamcOptions, mode: SpamcMode, message: Buffer, io: SpamcIO, log: (m: string) => void): Promise<Outcome> {
  // REPORT modes print a score line first, which counts against the receive buffer.
  const prefix = mode === 'report' || mode === 'report_ifspam' ? 24 : 0;
  return TALKERS[mode](clientFor(o, io, log, prefix), message, o);
}
