/**
 * TextCat's evals (not loaded by the Debian default .pre files). The
 * language guess itself is made before the rules run (textcat/
 * message-languages.ts); these read it. Without a `languages` file the
 * plugin is disabled and neither eval hits, as in SpamAssassin.
 */
import type { ScanContext } from '../scan/context-types.js';
import { messageLanguages } from '../textcat/message-languages.js';
import { languageWords } from '../textcat/textcat-settings.js';
import { ANY, BODY, evalDef, type EvalTable } from './define.js';

/** Languages whose ordinary text is written in 8-bit runs, so the test is meaningless for them. */
const EIGHT_BIT_LANGUAGES = /^(?:am|ar|be|bg|cs|el|et|fa|fi|he|hi|hy|is|ja|ka|ko|mr|pt|ru|ta|th|tr|uk|vi|yi|zh)$/;

/**
 * Below 1 KB of text per language found, TextCat is less sure, and Scots is
 * then too often English mistaken: it counts as English on both sides.
 */
const MISTAKABLE_BYTES_PER_LANGUAGE = 1024;
const MISTAKABLE: Readonly<Record<string, string>> = { sco: 'en' };

/** UNWANTED_LANGUAGE_BODY: the text's languages were found and none is in ok_languages. */
function checkLanguage(ctx: ScanContext): boolean {
  const found = messageLanguages(ctx);
  if (found === undefined) return false;
  const ok = languageWords(ctx.conf.okLanguages);
  if (ok.includes('all')) return false;
  const matches = languageWords(found.languages);
  // Not knowing the language is no reason to complain.
  if (matches.length === 0) return false;
  const unsure = found.length < MISTAKABLE_BYTES_PER_LANGUAGE * matches.length;
  const asCompared = (language: string): string => (unsure ? (MISTAKABLE[language] ?? language) : language);
  const compared = matches.map((m) => asCompared(m.replace(/\..*/, '')));
  const okCompared = new Set(ok.map(asCompared));
  if (compared.some((m) => okCompared.has(m))) return false;
  // SpamAssassin logs the names as it compared them: encodings dropped, mistakable ones replaced.
  ctx.testLog(`Languages detected: ${compared.join(' ')}`);
  return true;
}

export const textcatEvals: EvalTable = {
  check_language: evalDef('TextCat', ANY, (ctx) => checkLanguage(ctx)),
  check_body_8bits: evalDef('TextCat', BODY, (ctx, _args, body) => {
    if (messageLanguages(ctx) === undefined) return false;
    const languages = languageWords(ctx.conf.okLanguages);
    if (languages.some((l) => l === 'all' || EIGHT_BIT_LANGUAGES.test(l))) return false;
    return (body ?? ctx.rendered().body).some((line) => /[\x80-\xff]{8}/.test(line));
  }),
};
