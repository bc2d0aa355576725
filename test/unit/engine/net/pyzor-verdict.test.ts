/**
 * Pyzor.pm's reading of `pyzor check` output: counts of all servers are
 * summed, pyzor_count_min (or the old pyzor_max) decides, a welcomelist
 * count outweighs the reports, bogus counts and tracebacks are ignored.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../../../src/engine/config/load.js';
import { pyzorVerdict } from '../../../../src/engine/evals/net/pyzor.js';

function conf(lines: string[]) {
  return loadConfig({ preLines: ['loadplugin Mail::SpamAssassin::Plugin::Pyzor'], cfLines: lines, localTestsOnly: false, configPath: '/nonexistent-rules-dir', siteConfigPath: '/nonexistent-site-dir' }).config;
}

const line = (count: number, wl: number, server = '127.0.0.1:24441'): string => `${server}\t(200, 'OK')\t${count}\t${wl}\n`;

test('counts are summed over servers and compared with pyzor_count_min (default 5)', () => {
  assert.equal(pyzorVerdict(line(4, 0), conf([])), false);
  assert.equal(pyzorVerdict(line(5, 0), conf([])), true);
  assert.equal(pyzorVerdict(line(3, 0) + line(2, 0, '10.0.0.1:24441'), conf([])), true);
  assert.equal(pyzorVerdict(line(2, 0), conf(['pyzor_count_min 2'])), true);
  assert.equal(pyzorVerdict(line(2, 0), conf(['pyzor_max 2'])), true);
});

test('welcomelisting outweighs reports; bogus counts, tracebacks and unparsable output give no hit', () => {
  // 50 reports, 10 welcomelistings: 10 >= 50 * 0.2.
  assert.equal(pyzorVerdict(line(50, 10), conf([])), false);
  assert.equal(pyzorVerdict(line(50, 9), conf([])), true);
  assert.equal(pyzorVerdict(line(1_000_000, 0), conf([])), false);
  assert.equal(pyzorVerdict(`Traceback (most recent call last):\n${line(9, 0)}`, conf([])), false);
  assert.equal(pyzorVerdict("127.0.0.1:24441\t(504, 'Reading response timed-out.')\n", conf([])), false);
});
