/**
 * TextCat (not loaded by the Debian default .pre files). Only
 * check_body_8bits is local arithmetic; check_language needs TextCat's
 * language models and is not provided.
 */
import { BODY, evalDef, type EvalTable } from './define.js';

/** Languages whose ordinary text is written in 8-bit runs, so the test is meaningless for them. */
const EIGHT_BIT_LANGUAGES = /^(?:am|ar|be|bg|cs|el|et|fa|fi|he|hi|hy|is|ja|ka|ko|mr|pt|ru|ta|th|tr|uk|vi|yi|zh)$/;

export const textcatEvals: EvalTable = {
  check_body_8bits: evalDef('TextCat', BODY, (ctx, _args, body) => {
    const languages = ctx.conf.okLanguages.split(/\s+/).filter((l) => l !== '');
    if (languages.some((l) => l === 'all' || EIGHT_BIT_LANGUAGES.test(l))) return false;
    return (body ?? ctx.rendered().body).some((line) => /[\x80-\xff]{8}/.test(line));
  }),
};
