import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forgedHeaderRemovals, outgoingValue, rewriteEdits, verdictHeaderEdits } from '../../../milter/header-edits.js';
import { makeVerdict } from '../../helpers/milter-fake-engine.js';

const names = (...n: string[]) => n.map((name) => ({ name }));

test('forged X-Spam-* headers are deleted per name, last occurrence first', () => {
  const seen = names('Received', 'X-Spam-Flag', 'Subject', 'x-spam-flag', 'X-Spam-Status', 'X-SPAM-FLAG', 'X-Spamward-Skipped', 'X-Spammy');
  assert.deepEqual(forgedHeaderRemovals(seen), [
    { kind: 'chgheader', index: 3, name: 'X-Spam-Flag', value: '' },
    { kind: 'chgheader', index: 2, name: 'X-Spam-Flag', value: '' },
    { kind: 'chgheader', index: 1, name: 'X-Spam-Flag', value: '' },
    { kind: 'chgheader', index: 1, name: 'X-Spam-Status', value: '' },
    { kind: 'chgheader', index: 1, name: 'X-Spamward-Skipped', value: '' },
  ]);
  assert.deepEqual(forgedHeaderRemovals(names('From', 'X-Spammy', 'X-Spam')), [], 'only the X-Spam- prefix counts');
});

test('descending deletes stay right whether or not the MTA renumbers', () => {
  const headers = ['X-Spam-Flag: 1', 'X-Spam-Flag: 2', 'X-Spam-Flag: 3'];
  for (const renumber of [true, false]) {
    const list: Array<string | null> = [...headers];
    for (const edit of forgedHeaderRemovals(names('X-Spam-Flag', 'X-Spam-Flag', 'X-Spam-Flag'))) {
      assert.ok(edit.kind === 'chgheader');
      const live = list.map((h, i) => [h, i] as const).filter(([h]) => (renumber ? h !== null : true));
      const target = live[edit.index - 1];
      assert.ok(target && target[0] !== null, `index ${edit.index} still points at a live header`);
      list[target[1]] = null;
    }
    assert.deepEqual(list, [null, null, null]);
  }
});

test('values: leading space only with HDR_LEADSPC, CRLF folds become LF', () => {
  assert.equal(outgoingValue('Yes, score=9\r\n\ttests=A', true), ' Yes, score=9\n\ttests=A');
  assert.equal(outgoingValue('No', false), 'No');
});

test('Subject rewrite changes the first Subject and keeps the old one in X-Spam-Prev-Subject', () => {
  const rw = [{ name: 'Subject', value: '*****SPAM***** hi' }];
  const seen = [{ name: 'From', raw: ' a' }, { name: 'subject', raw: '  hi\r\n there' }, { name: 'Subject', raw: ' second' }];
  assert.deepEqual(rewriteEdits(seen, rw, true), [
    { kind: 'chgheader', index: 1, name: 'Subject', value: ' *****SPAM***** hi' },
    { kind: 'addheader', name: 'X-Spam-Prev-Subject', value: '  hi\n there' },
  ]);
  assert.deepEqual(rewriteEdits(seen, rw, false)[1], { kind: 'addheader', name: 'X-Spam-Prev-Subject', value: ' hi\n there' });
  assert.deepEqual(rewriteEdits(names('From'), rw, false), [
    { kind: 'addheader', name: 'Subject', value: '*****SPAM***** hi' },
    { kind: 'addheader', name: 'X-Spam-Prev-Subject', value: '(nonexistent)' },
  ]);
});

test('wrapped spam (report_safe): the Subject is rewritten without an X-Spam-Prev-Subject, as in SpamAssassin\'s wrapper', () => {
  const rw = [{ name: 'Subject', value: '[SPAM] hi' }];
  assert.deepEqual(rewriteEdits([{ name: 'Subject', raw: ' hi' }], rw, true, true), [{ kind: 'chgheader', index: 1, name: 'Subject', value: ' [SPAM] hi' }]);
  assert.deepEqual(rewriteEdits(names('From'), rw, false, true), [{ kind: 'addheader', name: 'Subject', value: '[SPAM] hi' }]);
});

test('X-Spam-Prev-* from outside is kept, as SpamAssassin keeps it', () => {
  assert.deepEqual(forgedHeaderRemovals(names('X-Spam-Prev-Subject', 'X-Spam-Level')), [
    { kind: 'chgheader', index: 1, name: 'X-Spam-Level', value: '' },
  ]);
});

test('verdict edits: removals, then rewrites, then the added headers in order', () => {
  const edits = verdictHeaderEdits(names('Subject', 'X-Spam-Flag'), makeVerdict(9, 5, 'hi'), true);
  assert.deepEqual(
    edits.map((e) => `${e.kind}:${'name' in e ? e.name : ''}`),
    [
      'chgheader:X-Spam-Flag',
      'chgheader:Subject',
      'addheader:X-Spam-Prev-Subject',
      'addheader:X-Spam-Checker-Version',
      'addheader:X-Spam-Flag',
      'addheader:X-Spam-Status',
    ],
  );
});
