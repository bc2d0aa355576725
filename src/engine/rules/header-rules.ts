/**
 * header and mimeheader rules. A header rule matches the joined value of all
 * instances; an absent header is matched as the empty string (SpamAssassin
 * evaluates `undef =~ /re/`, and Perl reads undef as ''), unless
 * `[if-unset: …]` gives a value: `=~ /^$/` hits and `!~ /x/` hits.
 */
import { memo } from '../evals/util/memo.js';
import { HeaderAccessor } from '../message/header-access.js';
import type { MimePart, Octets, ParsedMessage } from '../message/types.js';
import type { ScanState } from '../scan/scan-state.js';
import type { ExistsRule, HeaderRegexRule, MimeHeaderRule } from './compiled-types.js';
import { firstMatchHits, recordHit } from './evaluate.js';
import type { HeaderSlots } from './header-slots.js';
import { instantiatePattern, mayMatch } from './pattern.js';

export function runHeaderRule(state: ScanState, rule: HeaderRegexRule | ExistsRule, slots: HeaderSlots): void {
  state.enterRule(rule);
  if (rule.kind === 'exists') {
    if (slots.value(rule.slot) !== undefined) recordHit(state, rule, '', undefined);
    return;
  }
  const re = rule.pattern.regex ?? templateRegex(state, rule);
  if (!re) return;
  const found = slots.value(rule.slot);
  // SpamAssassin matches an absent header's undef, which Perl reads as the empty string: /^$/ hits, !~ /^$/ does not.
  const value = found ?? rule.ifUnset ?? '';
  if (value.length < rule.pattern.minLength || !headerMayMatch(rule, found, value, slots)) {
    if (!rule.positive) recordHit(state, rule, '', undefined);
    return;
  }
  re.lastIndex = 0;
  if (!rule.positive) {
    if (!re.test(value)) recordHit(state, rule, '', undefined);
    return;
  }
  if (!rule.multiple) {
    firstMatchHits(state, rule, re, value, '');
    return;
  }
  let hits = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    if (m[0] === '') re.lastIndex++;
    recordHit(state, rule, '', m.groups);
    if (rule.maxHits > 0 && ++hits >= rule.maxHits) break;
  }
}

/**
 * The literal prefilter for a header rule: the header's value is scanned once
 * per message for the literals of every rule reading that header. A value
 * from `[if-unset: …]` is the rule's own and is checked on its own.
 */
function headerMayMatch(rule: HeaderRegexRule, found: Octets | undefined, value: string, slots: HeaderSlots): boolean {
  const held = rule.literalIds && found !== undefined ? slots.holdsAny(rule.slot, rule.literalIds) : undefined;
  return held ?? ownLiteralsIn(rule, value);
}

/*
 * The closures below live in functions of their own: a closure over a local
 * makes V8 allocate that local's context on every call of the function that
 * holds it, taken or not, and runHeaderRule runs 800 times per message.
 */

function ownLiteralsIn(rule: HeaderRegexRule, value: string): boolean {
  return mayMatch(rule.pattern, value, () => value.toLowerCase());
}

/** A template pattern's regex once its tags are known (undefined: not yet, or it does not compile). */
function templateRegex(state: ScanState, rule: HeaderRegexRule): RegExp | undefined {
  return instantiatePattern(rule.pattern, (t) => state.getTag(t));
}

/**
 * mimeheader (MIMEHeader plugin): the last instance of the header in each
 * MIME part, parts in tree order. A negated mimeheader rule hits whatever the
 * parts hold: the plugin returns a hit for `!~` unconditionally.
 */
export function runMimeHeaderRule(state: ScanState, rule: MimeHeaderRule): void {
  state.enterRule(rule);
  if (!rule.positive) {
    recordHit(state, rule, 'BODY: ', undefined);
    return;
  }
  const re = instantiatePattern(rule.pattern, (t) => state.getTag(t));
  if (!re) return;
  const maxHits = rule.maxHits > 0 ? rule.maxHits : rule.multiple ? 1000 : 1;
  let hits = 0;
  for (const part of partsInOrder(state)) {
    const values = partAccessor(state, part).list(rule.raw ? `${rule.header}:raw` : rule.header);
    const value = values[values.length - 1] ?? '';
    re.lastIndex = 0;
    for (let m = re.exec(value); m; m = re.exec(value)) {
      if (m[0] === '') re.lastIndex++;
      recordHit(state, rule, '', m.groups);
      if (++hits >= maxHits) return;
    }
  }
}

/*
 * The parts and their accessors are memoised in the scan's own scratch map,
 * not in module-level WeakMaps keyed by part: such a table lives in the old
 * generation, and since each value holds its key, V8 kept every message's
 * parts alive through young-generation GCs until a full one.
 */

/** Every part in tree order, listed once per message (a walk per mimeheader rule cost a generator chain each). */
function partsInOrder(state: ScanState): MimePart[] {
  return memo(state, 'mimeheader:parts', () => {
    const parts: MimePart[] = [];
    const walk = (part: MimePart): void => {
      parts.push(part);
      for (const child of part.children) walk(child);
    };
    walk(state.msg.root);
    return parts;
  });
}

/** One accessor per MIME part and message, shared by every mimeheader rule (it memoises the values it decodes). */
function partAccessor(state: ScanState, part: MimePart): HeaderAccessor {
  const accessors = memo(state, 'mimeheader:accessors', () => new Map<MimePart, HeaderAccessor>());
  let accessor = accessors.get(part);
  if (!accessor) {
    const view: ParsedMessage = { ...state.msg, headers: part.headers, rawHeaderLines: [], root: part };
    accessor = new HeaderAccessor(view, { metadata: () => undefined, lastTrustedRelayIndex: -1, lastInternalRelayIndex: -1 });
    accessors.set(part, accessor);
  }
  return accessor;
}
