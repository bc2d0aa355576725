import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LineTokenizerOptions, tokenizeLine, tokenizeLineInto } from '../../../../src/engine/bayes/line-tokenizer.js';
import { bayesSettings } from '../../../../src/engine/bayes/settings.js';
import { tokenize, type TokenizerInput } from '../../../../src/engine/bayes/tokenizer.js';
import { defaultConfig } from '../../../../src/engine/config/default-config.js';

const opts = (): LineTokenizerOptions => ({ maxTokenLength: 15, stopwords: [], stopwordCache: new Map() });

const bodyOnly = (visible: string[]): TokenizerInput => ({ visible, invisible: [], uris: [], mimeParts: undefined, headerLines: [], metadataLines: [] });

describe('words repeated within a source', () => {
  it('are counted like the first occurrence but appended once', () => {
    const lines = ['Buy Viagra! buy now', 'buy Viagra! and buy more'];
    const o = opts();
    const out: string[] = [];
    const repeats = new Map<string, number>();
    const counts = lines.map((l) => tokenizeLineInto(l, '', 1, o, out, repeats));
    const full = lines.map((l) => tokenizeLine(l, '', 1, opts()));
    assert.deepEqual(counts, full.map((t) => t.length));
    assert.deepEqual(new Set(out), new Set(full.flat()));
    assert.equal(full.flat().filter((t) => t === 'buy').length, 4);
    assert.equal(out.filter((t) => t === 'buy').length, 1);
  });

  it('still count toward the body cap of 50000 tokens, checked after each line', () => {
    const settings = bayesSettings(defaultConfig());
    const words = (n: number): string => Array.from({ length: n }, () => 'wordaaa').join(' ');
    const reached = tokenize(bodyOnly([words(50000), 'zebra']), settings);
    assert.equal(reached.size, 1);
    assert.deepEqual([...reached.values()], ['wordaaa']);
    const below = tokenize(bodyOnly([words(49999), 'zebra']), settings);
    assert.deepEqual([...below.values()].sort(), ['wordaaa', 'zebra']);
  });
});
