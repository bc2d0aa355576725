import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LineTokenizerOptions, tokenizeLine, tokenizeLineInto } from '../../../../src/engine/bayes/line-tokenizer.js';
import { bayesSettings } from '../../../../src/engine/bayes/settings.js';
import { tokenize, tokenKeysPacked, type TokenizerInput } from '../../../../src/engine/bayes/tokenizer.js';
import { tokenKeyHex } from '../../../../src/engine/bayes/hash.js';
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
    assert.deepEqual(reached.texts, ['wordaaa']);
    const below = tokenize(bodyOnly([words(49999), 'zebra']), settings);
    assert.deepEqual([...(below.texts ?? [])].sort(), ['wordaaa', 'zebra']);
  });
});

describe('the token set', () => {
  it('packs each distinct key once, in order of first occurrence, beside its text', () => {
    const settings = { ...bayesSettings(defaultConfig()), stopwords: [] };
    const input = bodyOnly(['hello world', 'again: hello there world']);
    const set = tokenize(input, settings);
    assert.deepEqual(set.texts, ['hello', 'world', 'again', 'there']);
    assert.equal(set.size, 4);
    assert.equal(set.keys.toString('hex'), (set.texts ?? []).map(tokenKeyHex).join(''));
    // What a learn stores: the same keys.
    assert.equal(Buffer.from(tokenKeysPacked(input, settings)).toString('hex'), set.keys.toString('hex'));
  });
});

describe('stopwords without a configured list', () => {
  it("use the Bayes plugin's built-in English list, unanchored and case-sensitive", () => {
    const settings = bayesSettings(defaultConfig());
    const set = tokenize(bodyOnly(['hello world again: hello there zebra Another THERE']), settings);
    // "world" is listed; "there" and "Another" hold "the"; "THERE" does not (case matters), and its
    // lower-cased form is a variant made after the check, as in SpamAssassin.
    assert.deepEqual(set.texts, ['hello', 'again', 'zebra', 'there', 'THERE']);
  });

  it('give way to a configured bayes_stopword_en, anchored and case-insensitive', () => {
    const conf = defaultConfig();
    conf.bayesStopwords.set('en', ['(?:zebra|there)']);
    const set = tokenize(bodyOnly(['hello world again: hello there zebra Another THERE']), bayesSettings(conf));
    assert.deepEqual(set.texts, ['hello', 'world', 'again', 'another', 'Another']);
  });

  it('are off with bayes_stopword_languages disable', () => {
    const conf = defaultConfig();
    conf.other.set('bayes_stopword_languages', 'disable');
    assert.deepEqual(bayesSettings(conf).stopwords, []);
  });
});
