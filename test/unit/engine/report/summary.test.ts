import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSummary } from '../../../../src/engine/report/summary.js';

test('test_log details: bracketed under the rule, cut at a space 30-48 characters in, long pieces right-aligned in 78 columns', () => {
  const { summary, report } = buildSummary(
    [
      { name: 'SHORT', score: 0.5, area: '', description: 'Short one', logs: ['joe(at)freemail.example'] },
      { name: 'CUT', score: 1, area: '', description: 'Cut one', logs: ['URI: www.a-domain-long-enough-to-cut.com (a-domain-long-enough-to-cut.com)'] },
      { name: 'WIDE', score: -1, area: '', description: 'Wide one', logs: ['a.very.long.address.without.any.space(at)example.com'] },
      { name: 'PLAIN', score: 2, area: 'BODY: ', description: 'No details' },
    ],
    75,
  );
  assert.equal(
    summary,
    [
      ' 0.5 SHORT                  Short one',
      `${' '.repeat(27)} [joe(at)freemail.example]`,
      ' 1.0 CUT                    Cut one',
      `${' '.repeat(27)} [URI: www.a-domain-long-enough-to-cut.com]`,
      `${' '.repeat(27)} [(a-domain-long-enough-to-cut.com)]`,
      '-1.0 WIDE                   Wide one',
      '[a.very.long.address.without.any.space(at)example.com]'.padStart(78),
      ' 2.0 PLAIN                  BODY: No details',
      '',
    ].join('\n'),
  );
  // Terse form: only the first detail line of a rule gets the '*' margin (SpamAssassin prefixes the block once).
  assert.equal(
    report,
    [
      '*  0.5 SHORT Short one',
      '*      [joe(at)freemail.example]',
      '*  1.0 CUT Cut one',
      '*      [URI: www.a-domain-long-enough-to-cut.com]',
      '[(a-domain-long-enough-to-cut.com)]',
      '* -1.0 WIDE Wide one',
      '*      [a.very.long.address.without.any.space(at)example.com]',
      '*  2.0 PLAIN BODY: No details',
      '',
    ].join('\n'),
  );
});
