/**
 * spamd's log-line pieces: strftime against the C library's (GNU date's
 * +FORMAT, which calls strftime(3)) at several instants, and the message
 * escaping of spamd's loggers.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { spamdLogLine, timestampFormatOf } from '../../../src/spamd/log-lines.js';
import { strftime } from '../../../src/util/strftime.js';

const FORMAT = '%a|%A|%b|%h|%B|%c|%C|%d|%D|%e|%F|%H|%I|%j|%k|%l|%m|%M|%p|%r|%R|%s|%S|%T|%u|%w|%x|%X|%y|%Y|%z|%%|%Q';
// %Z has its own case below, zone by zone.
// Midnight, noon, a leap day, single-digit days and hours, the last day of a year.
const INSTANTS = [0, 951_782_400 + 43_200, 1_709_164_805, 1_795_803_058, 1_798_761_599];

describe('strftime', () => {
  for (const t of INSTANTS) {
    it(`agrees with the C library at ${t}`, () => {
      const c = execFileSync('date', ['-d', `@${t}`, `+${FORMAT}`], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }).replace(/\n$/, '');
      assert.equal(strftime(FORMAT, new Date(t * 1000)), c);
    });
  }
});

describe('strftime %Z', () => {
  // Zones with summer time north and south, a negative one (Dublin), numeric names (-03), half hours, UTC;
  // instants before the first transition, in both seasons, and after the zone file's last transition.
  const ZONES = ['Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney', 'America/Sao_Paulo', 'Europe/Dublin', 'Asia/Kolkata', 'America/New_York', 'Africa/Casablanca', 'UTC'];
  const AT = [-2_500_000_000, 0, 1_768_478_400, 1_784_116_800, 4_000_000_000];
  it('names each zone as the C library does, from its zone file', () => {
    const saved = process.env['TZ'];
    try {
      for (const tz of ZONES) {
        process.env['TZ'] = tz;
        const ours = AT.map((t) => strftime('%Z %z', new Date(t * 1000)));
        const c = AT.map((t) => execFileSync('date', ['-d', `@${t}`, '+%Z %z'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }).trim());
        assert.deepEqual(ours, c, tz);
      }
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });
});

describe('spamd log lines', () => {
  const at = new Date(2026, 10, 7, 9, 5, 3, 42);
  it('stamps stderr lines with milliseconds and a space-padded day, file lines with Perl\'s localtime', () => {
    assert.equal(spamdLogLine('stderr', undefined, 'info', 'spamd: x', at), `Nov  7 09:05:03.042 [${process.pid}] info: spamd: x`);
    assert.equal(spamdLogLine('file', undefined, 'warn', 'spamd: x', at), `Sat Nov  7 09:05:03 2026 [${process.pid}] warn: spamd: x`);
    assert.equal(spamdLogLine('file', '', 'info', 'x', at), `[${process.pid}] info: x`);
    assert.equal(spamdLogLine('stderr', '%H.%M', 'info', 'x', at), `09.05 [${process.pid}] info: x`);
  });
  it('reads --log-timestamp-fmt as spamd does: default in any case means the logger\'s own', () => {
    assert.equal(timestampFormatOf(undefined), undefined);
    assert.equal(timestampFormatOf('DEFAULT'), undefined);
    assert.equal(timestampFormatOf(''), '');
    assert.equal(timestampFormatOf('%s'), '%s');
  });
  it('escapes control, 8-bit and backslash octets in files and on stderr; SA_LOGGER_ESCAPE=0 leaves plain stderr as it is', () => {
    const msg = 'a\tb  c\r\nd\\e é\x01\x02f';
    const tail = (line: string) => line.slice(line.indexOf(' info: ') + 7);
    assert.equal(tail(spamdLogLine('file', undefined, 'info', msg, at)), 'a\\tb  c\\r\\nd\\\\e \\x{C3}\\x{A9}\\x{01}\\x{02}f');
    assert.equal(tail(spamdLogLine('stderr', '%s', 'info', msg, at)), 'a\\tb  c\\r\\nd\\\\e \\x{C3}\\x{A9}\\x{01}\\x{02}f');
    assert.equal(tail(spamdLogLine('stderr', undefined, 'info', msg, at)), 'a\\tb  c\\r\\nd\\\\e \\x{C3}\\x{A9}\\x{01}\\x{02}f');
    process.env.SA_LOGGER_ESCAPE = '0';
    try {
      assert.equal(tail(spamdLogLine('stderr', undefined, 'info', msg, at)), msg);
      assert.equal(tail(spamdLogLine('file', undefined, 'info', msg, at)), 'a\\tb  c\\r\\nd\\\\e \\x{C3}\\x{A9}\\x{01}\\x{02}f');
    } finally {
      delete process.env.SA_LOGGER_ESCAPE;
    }
  });
});
