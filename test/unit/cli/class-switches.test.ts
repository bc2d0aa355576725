import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readClassSwitches } from '../../../src/cli/learn/class-switches.js';

const VALUES = new Set(['cf', 'dbpath', 'f', 'folders', 'c', 'p', 'stopafter', 'max-size']);
const classes = (line: string) => readClassSwitches(line.split(' '), (n) => VALUES.has(n)).targets.map((t) => `${t.path}:${t.spam === undefined ? '?' : t.spam ? 's' : 'h'}`);

describe('sa-learn targets, each with the class named before it', () => {
  it('switches class between targets, the last named before a target winning', () => {
    assert.deepEqual(classes('--spam a --ham b c'), ['a:s', 'b:h', 'c:h']);
    assert.deepEqual(classes('--ham --spam a --nonspam b'), ['a:s', 'b:h']);
    assert.deepEqual(classes('a --spam b'), ['a:?', 'b:s']);
  });

  it('tells the class named last of all, for a --folders file\'s bare lines', () => {
    assert.equal(readClassSwitches(['--spam', 'a', '--ham'], () => false).last, false);
    assert.equal(readClassSwitches(['--cf', '--ham', '--spam'], (n) => n === 'cf').last, true, '--ham is --cf\'s value');
    assert.equal(readClassSwitches(['a'], () => false).last, undefined);
  });

  it('skips option values, inline or in the next word, and bundled letters', () => {
    assert.deepEqual(classes('--spam --cf bayes_auto_learn_0 a --dbpath=/db --ham -f list b'), ['a:s', 'b:h']);
    assert.deepEqual(classes('-L --spam -Lc conf a -cconf --ham b'), ['a:s', 'b:h']);
    assert.deepEqual(classes('--ham --stopafter 3 a -- --spam'), ['a:h', '--spam:h']);
  });
});
