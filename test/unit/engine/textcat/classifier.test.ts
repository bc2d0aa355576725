/**
 * TextCat's classifier on self-written texts, with language models built
 * here from self-written training paragraphs (the real `languages` file is
 * SpamAssassin's, compared against in test/interop/sa-textcat.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyText, type ClassifySettings } from '../../../../src/engine/textcat/classify.js';
import { parseLanguageModels } from '../../../../src/engine/textcat/language-models.js';
import { ngramKeyOf, ngramOfKey } from '../../../../src/engine/textcat/ngram-key.js';
import { ngramProfile } from '../../../../src/engine/textcat/ngram-profile.js';

const ENGLISH = `The weather was lovely this morning, so we walked along the river with the children and
watched the boats going past. Afterwards we had lunch in a small garden behind the old library, where
the owner told us about the history of the town and the people who built the bridge many years ago.
Everyone agreed that it was one of the nicest days of the whole summer and that we should come back.`;

const GERMAN = `Das Wetter war heute Morgen wunderbar, deshalb sind wir mit den Kindern am Fluss entlang
gegangen und haben die Schiffe beobachtet. Danach haben wir in einem kleinen Garten hinter der alten
Bibliothek gegessen, wo uns der Wirt von der Geschichte der Stadt und von den Leuten erzählt hat, die
vor vielen Jahren die Brücke gebaut haben. Alle waren sich einig, dass es einer der schönsten Tage war.`;

const SPANISH = `El tiempo estaba precioso esta mañana, así que caminamos junto al río con los niños y
miramos los barcos que pasaban. Después comimos en un pequeño jardín detrás de la vieja biblioteca,
donde el dueño nos contó la historia del pueblo y de la gente que construyó el puente hace muchos años.`;

const latin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

/** A model as the `languages` file holds one: the profile's n-grams, one a line, then `0 NAME`. */
function modelLines(name: string, training: string): string {
  const profile = ngramProfile(latin1(training), { maxNgrams: 400, optimalNgrams: 0 });
  return `${[...profile].map(ngramOfKey).join('\n')}\n0 ${name}\n`;
}

const MODELS = parseLanguageModels(modelLines('en', ENGLISH) + modelLines('de.utf8', GERMAN) + modelLines('es', SPANISH));

const DEFAULTS: ClassifySettings = { maxNgrams: 400, optimalNgrams: 0, acceptableScore: 1.02, maxLanguages: 3, skip: new Set() };

const profileOf = (text: string, maxNgrams = 400): string[] => [...ngramProfile(text, { maxNgrams, optimalNgrams: 0 })].map(ngramOfKey);

describe('TextCat n-gram profile', () => {
  it('counts the 1- to 5-grams of NUL-framed words, most frequent first, ties in byte order', () => {
    // "ab ab ba": \0 six times; a, b, \0a… three or twice; byte order decides among equal counts.
    assert.deepEqual(profileOf('ab ab ba', 6), ['\0', 'a', 'b', '\0a', '\0ab', '\0ab\0']);
    assert.deepEqual(profileOf('ab', 100), ['\0', '\0a', '\0ab', '\0ab\0', 'a', 'ab', 'ab\0', 'b', 'b\0']);
  });

  it('cuts words at digits, whitespace and ASCII punctuation but keeps apostrophes and 8-bit octets', () => {
    const grams = new Set(profileOf("don't 42-x caf\xe9!y", 1000));
    assert.ok(grams.has("\0don'"));
    assert.ok(grams.has('caf\xe9\0'));
    assert.ok(grams.has('\0x\0') && grams.has('\0y\0'));
    assert.ok(![...grams].some((g) => /[0-9!-]/.test(g)));
  });

  it('lower-cases a word only with an ASCII capital and four ISO 8859-1 letters in a row', () => {
    assert.ok(profileOf('Hello', 1000).includes('\0hell'));
    assert.ok(profileOf('ABC', 1000).includes('\0ABC\0'), 'three letters: left as written');
    assert.ok(profileOf('\xc9COLE', 1000).includes('\0\xe9col'), 'latin1 capitals follow the ASCII ones');
    assert.ok(profileOf('\xc9\xc9\xc9\xc9', 1000).includes('\0\xc9\xc9\xc9\xc9'), 'no ASCII capital: left as written');
  });

  it('drops n-grams seen no more than textcat_optimal_ngrams times when that is set', () => {
    const kept = [...ngramProfile('aa b', { maxNgrams: 400, optimalNgrams: 1 })].map(ngramOfKey);
    assert.deepEqual(kept, ['\0', 'a']);
  });

  it('keys sort as their octets do', () => {
    const grams = ['\0', '\0a', 'a', 'a\0', 'ab', 'abcde', 'b', '\xff'];
    const keys = grams.map(ngramKeyOf);
    assert.deepEqual([...keys].sort((x, y) => x - y).map(ngramOfKey), grams);
    assert.equal(ngramKeyOf('abcdef'), -1);
  });
});

describe('TextCat language models', () => {
  it('ranks n-grams from 1 within each language, the last of a repeated n-gram winning', () => {
    const m = parseLanguageModels('a\nb\na\n0 xx\nb\n0 yy.utf8\nc\n0 zz.utf-8\n0 \n');
    assert.deepEqual(m.names, ['xx', 'yy.utf8', 'zz.utf-8']);
    assert.deepEqual(m.reportedNames, ['xx', 'yy', 'zz.utf-8']);
    assert.deepEqual(m.shortNames, ['xx', 'yy', 'zz']);
    const entries = (gram: string) => {
      const i = m.ngrams.get(ngramKeyOf(gram));
      return [...m.entryModel.slice(m.entryStart[i], m.entryStart[i + 1])].map((model, e) => `${m.names[model]}:${m.entryRank[(m.entryStart[i] as number) + e]}`);
    };
    assert.deepEqual(entries('a'), ['xx:3']);
    assert.deepEqual(entries('b').sort(), ['xx:2', 'yy.utf8:1']);
  });
});

describe('TextCat classification', () => {
  it('names the language of a text in its own words', () => {
    assert.deepEqual(classifyText(MODELS, latin1('The children walked to the library by the river and told the owner about the summer.'), DEFAULTS).languages, ['en']);
    assert.deepEqual(classifyText(MODELS, latin1('Die Kinder sind mit dem Wirt zur alten Brücke gegangen, weil das Wetter schön war.'), DEFAULTS).languages, ['de']);
    assert.deepEqual(classifyText(MODELS, latin1('Los niños caminaron con el dueño hasta la biblioteca del pueblo.'), DEFAULTS).languages, ['es']);
  });

  it('ranks every active language with its distance and ratio to the best', () => {
    const r = classifyText(MODELS, latin1('the river and the garden behind the library'), DEFAULTS);
    assert.match(r.ranking, /^en:\d+\(1\.00\) (?:de|es):\d+\(\d\.\d\d\) (?:de|es):\d+\(\d\.\d\d\)$/);
  });

  it('leaves out skipped languages, and answers nothing when too many are close', () => {
    const text = latin1('the river and the garden behind the library');
    const withoutEnglish = classifyText(MODELS, text, { ...DEFAULTS, skip: new Set(['en']) });
    assert.ok(!withoutEnglish.languages.includes('en') && !withoutEnglish.ranking.includes('en:'));
    assert.deepEqual(classifyText(MODELS, text, { ...DEFAULTS, acceptableScore: 100, maxLanguages: 2 }).languages, []);
    assert.equal(classifyText(MODELS, text, { ...DEFAULTS, acceptableScore: 100, maxLanguages: 3 }).languages.length, 3);
  });

  it('a text without words is at distance 0 from every language: the first is taken, the ranking says unknown', () => {
    const r = classifyText(MODELS, '12345 67890 ... !!!', DEFAULTS);
    assert.deepEqual(r.languages, ['en']);
    assert.equal(r.ranking, 'en:0(unknown) de:0(unknown) es:0(unknown)');
  });

  it('folds .utf8 models into their language, keeping the nearer', () => {
    const both = parseLanguageModels(modelLines('de', ENGLISH) + modelLines('de.utf8', GERMAN));
    const r = classifyText(both, latin1('Die Kinder sind mit dem Wirt zur alten Brücke gegangen'), DEFAULTS);
    assert.deepEqual(r.languages, ['de']);
    assert.match(r.ranking, /^de:\d+\(1\.00\)$/);
  });
});
