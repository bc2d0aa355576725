/**
 * spamd 4.0.1's log lines on stderr and in a log file, so tools that read
 * spamd's logs read ours: `TIMESTAMP [pid] level: message`.
 *
 * - stderr, by default: `Nov 27 19:22:00.123` (day padded with a space);
 *   a log file: Perl's `scalar localtime`, `Fri Nov 27 19:22:00 2026`.
 * - `--log-timestamp-fmt F` replaces both with strftime(F); an empty F
 *   drops the timestamp; `default` keeps each logger's own.
 * - Messages are escaped as spamd escapes them (control, 8-bit and backslash
 *   octets as `\n`, `\x{E9}`), on stderr too: SpamAssassin's default stderr
 *   logger escapes unless the environment sets SA_LOGGER_ESCAPE to a false
 *   value (`0` or empty), when it writes the message as it is.
 * - Syslog messages are escaped too, and carry the --log-timestamp-fmt time
 *   only when one is given.
 */
import { strftime } from '../util/strftime.js';

export type LogDestination = 'stderr' | 'file';

/** The --log-timestamp-fmt value as spamd reads it: undefined and `default` (any case) mean the logger's own. */
export function timestampFormatOf(flag: string | undefined): string | undefined {
  return flag === undefined || flag.toLowerCase() === 'default' ? undefined : flag;
}

export function spamdLogLine(where: LogDestination, format: string | undefined, level: string, message: string, now = new Date()): string {
  const stamp = timestamp(where, format, now);
  const text = where === 'file' || format !== undefined || defaultStderrEscapes() ? escapeOctets(message) : message;
  return `${stamp === '' ? '' : `${stamp} `}[${process.pid}] ${level}: ${text}`;
}

/**
 * A syslog message's text: escaped as in a file (spamd opens its syslog
 * logger with escaping on), after the --log-timestamp-fmt time when one is
 * given (syslog's header has its own time, so none by default).
 */
export function spamdSyslogText(format: string | undefined, message: string, now = new Date()): string {
  const stamp = format === undefined ? '' : strftime(format, now);
  return `${stamp === '' ? '' : `${stamp} `}${escapeOctets(message)}`;
}

function timestamp(where: LogDestination, format: string | undefined, now: Date): string {
  if (format !== undefined) return strftime(format, now);
  if (where === 'file') return strftime('%a %b %e %H:%M:%S %Y', now);
  const seconds = (now.getSeconds() + now.getMilliseconds() / 1000).toFixed(3).padStart(6, '0');
  return `${strftime('%b %e %H:%M', now)}:${seconds}`;
}

const ESCAPES: Readonly<Record<number, string>> = { 0x0d: '\\r', 0x0a: '\\n', 0x09: '\\t', 0x5c: '\\\\' };

/** Control, DEL, 8-bit and backslash octets of the message's UTF-8 as spamd's escape_str writes them. */
function escapeOctets(message: string): string {
  if (/^[\x20-\x5b\x5d-\x7e]*$/.test(message)) return message;
  let out = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    if (byte >= 0x20 && byte < 0x7f && byte !== 0x5c) out += String.fromCharCode(byte);
    else out += ESCAPES[byte] ?? `\\x{${byte.toString(16).toUpperCase().padStart(2, '0')}}`;
  }
  return out;
}

/** SA_LOGGER_ESCAPE, read as Perl reads a boolean: unset means on, `0` and empty mean off. */
function defaultStderrEscapes(): boolean {
  const v = process.env.SA_LOGGER_ESCAPE;
  return v === undefined || (v !== '' && v !== '0');
}
