/**
 * One RE2 set per header spec, for the header rules reading it: a From
 * value meets some forty rules, a Message-ID thirty, and most of them carry
 * no literal rare enough to skip them, so each ran its own RegExp on every
 * message (about 170 per message on the corpus). A set answers all of a
 * spec's static patterns in one pass over the value; a rule that needs more
 * than yes/no (captures, hit counts) still runs its RegExp, and only when
 * the set says it matches.
 */
import type { HeaderRegexRule } from './compiled-types.js';
import { RegexSet } from './regex-set.js';

/** Fewer members than this stay on their RegExps: a set's pass costs more than a couple of V8 regexes on a short value. */
const MIN_MEMBERS = 4;

/** Per slot of the HeaderLiteralIndex, the set of its rules (undefined: none worth one). Sets each rule's setMember. */
export function buildHeaderSets(rules: readonly HeaderRegexRule[], slots: number): (RegexSet | undefined)[] {
  const bySlot: HeaderRegexRule[][] = Array.from({ length: slots }, () => []);
  for (const r of rules) if (r.pattern.regex) bySlot[r.slot]!.push(r);
  return bySlot.map((list) => {
    if (list.length < MIN_MEMBERS) return undefined;
    const set = RegexSet.build(list);
    if (set === undefined) return undefined;
    // Too few made it into the set (the others are not expressible in RE2): leave them all on their RegExps.
    if (set.size >= MIN_MEMBERS) return set;
    for (const r of list) r.setMember = undefined;
    return undefined;
  });
}
