/**
 * Template tags (`_SCORE_`, `_TESTS(,)_` …) as SpamAssassin expands them in
 * add_header, report and rewrite_header templates. An unknown tag is left in
 * place literally.
 */
import { orDefault, perlFixed, perlNumber } from './perl-format.js';
import { requiredText, scoreText } from './score-text.js';
import { SPAMWARD_RELEASE_DATE, SPAMWARD_VERSION } from '../version.js';
import { reverseIp } from '../message/host-extract.js';

/** What the tags read from a finished scan. */
export interface TagData {
  score: number;
  requiredScore: number;
  isSpam: boolean;
  testNames: readonly string[];
  subtestNames: readonly string[];
  scores: (name: string) => number;
  /** A dynamic score's own text, when its plugin gave one. */
  scoreText?: (name: string) => string | undefined;
  version: string;
  subversion: string;
  rulesVersion: string;
  hostname: string;
  remoteHost: string;
  remoteAddr: string;
  contactAddress: string;
  bayesScore: number | undefined;
  autolearn: string;
  /** The points auto-learning weighs (SpamAssassin computes them whether or not it learns). */
  autolearnScore: () => string;
  date: () => string;
  preview: () => string;
  header: (spec: string) => string;
  relayIp: (which: 'firstTrusted' | 'lastExternal') => { ip: string; rdns: string; helo: string } | undefined;
  relaysStr: (which: 'trusted' | 'untrusted' | 'internal' | 'external') => string;
  /** The public addresses of those relays, each reversed (`RELAYSUNTRUSTEDREVIP`); none: the tag is left as it is. */
  relaysRevIp: (which: 'trusted' | 'untrusted' | 'internal' | 'external') => string[];
  /** The envelope sender's domain; undefined without one (the tag is then left as it is). */
  senderDomain: () => string | undefined;
  /** The From addresses' domains, each once; none: the tag is left as it is. */
  authorDomains: () => string[];
  /** Tags set during the scan (REPORT, SUMMARY, SUBJPREFIX, plugin and capture tags). */
  extra: (name: string) => string | undefined;
  addedHeaders: (which: 'spam' | 'ham' | 'current') => string;
  /** Tags computed from their argument by a plugin (SPAMMYTOKENS(5,long)); undefined when unknown. */
  dynamicTag?: (name: string, arg: string | undefined) => string | undefined;
}

type TagFn = (d: TagData, arg: string | undefined) => string;

/**
 * Tags SpamAssassin declares on every message, empty until a plugin fills
 * them: `_AWL_` reads as nothing, not as `_AWL_`, when AWL is not loaded.
 */
const ALWAYS_KNOWN = [
  'ASN', 'ASNCIDR', 'AWL', 'AWLMEAN', 'AWLCOUNT', 'AWLPRESCORE', 'DCCB', 'DCCR', 'DCCREP',
  'EXTRACTTEXTCHARS', 'EXTRACTTEXTWORDS', 'EXTRACTTEXTTOOLS', 'EXTRACTTEXTTYPES', 'EXTRACTTEXTEXTENSIONS',
  'EXTRACTTEXTFLAGS', 'EXTRACTTEXTURIS', 'PYZOR', 'DKIMIDENTITY', 'DKIMDOMAIN', 'DKIMSELECTOR',
  'BAYESTC', 'BAYESTCLEARNED', 'BAYESTCSPAMMY', 'BAYESTCHAMMY', 'HAMMYTOKENS', 'SPAMMYTOKENS', 'TOKENSUMMARY',
] as const;

/** Tags set only when the message has what they name (SENDERDOMAIN without an envelope sender stays `_SENDERDOMAIN_`). */
const WHEN_PRESENT: Record<string, (d: TagData) => string | undefined> = {
  SENDERDOMAIN: (d) => d.senderDomain(),
  AUTHORDOMAIN: (d) => joined(d.authorDomains()),
  RELAYSTRUSTEDREVIP: (d) => joined(d.relaysRevIp('trusted')),
  RELAYSUNTRUSTEDREVIP: (d) => joined(d.relaysRevIp('untrusted')),
  RELAYSINTERNALREVIP: (d) => joined(d.relaysRevIp('internal')),
  RELAYSEXTERNALREVIP: (d) => joined(d.relaysRevIp('external')),
};

/** A list-valued tag reads as its values joined by spaces; an empty one is not set. */
const joined = (values: string[]): string | undefined => (values.length > 0 ? values.join(' ') : undefined);

const TAGS: Record<string, TagFn> = {
  YESNO: (d, a) => yesNo(d, a),
  YESNOCAPS: (d, a) => yesNo(d, a).toUpperCase(),
  SCORE: (d, a) => padScore(scoreText(d.score, d.requiredScore, d.isSpam), a),
  HITS: (d, a) => padScore(scoreText(d.score, d.requiredScore, d.isSpam), a),
  REQD: (d) => requiredText(d.requiredScore),
  VERSION: (d) => d.version,
  SWVERSION: () => SPAMWARD_VERSION,
  SWSUBVERSION: () => SPAMWARD_RELEASE_DATE,
  SUBVERSION: (d) => d.subversion,
  RULESVERSION: (d) => d.rulesVersion,
  HOSTNAME: (d) => d.hostname,
  REMOTEHOSTNAME: (d) => d.remoteHost,
  REMOTEHOSTADDR: (d) => d.remoteAddr,
  FIRSTTRUSTEDIP: (d) => d.relayIp('firstTrusted')?.ip ?? '',
  FIRSTTRUSTEDREVIP: (d) => reverseIp(d.relayIp('firstTrusted')?.ip ?? '') ?? '',
  LASTEXTERNALIP: (d) => d.relayIp('lastExternal')?.ip ?? '',
  LASTEXTERNALREVIP: (d) => reverseIp(d.relayIp('lastExternal')?.ip ?? '') ?? '',
  LASTEXTERNALRDNS: (d) => d.relayIp('lastExternal')?.rdns ?? '',
  LASTEXTERNALHELO: (d) => d.relayIp('lastExternal')?.helo ?? '',
  RELAYSTRUSTED: (d) => d.relaysStr('trusted'),
  RELAYSUNTRUSTED: (d) => d.relaysStr('untrusted'),
  RELAYSINTERNAL: (d) => d.relaysStr('internal'),
  RELAYSEXTERNAL: (d) => d.relaysStr('external'),
  CONTACTADDRESS: (d) => d.contactAddress,
  BAYES: (d) => (d.bayesScore === undefined ? '0.5' : perlFixed(d.bayesScore, 4)),
  DATE: (d) => d.date(),
  STARS: (d, a) => stars(d.score, a),
  AUTOLEARN: (d) => d.autolearn,
  AUTOLEARNSCORE: (d) => d.autolearnScore(),
  TESTS: (d, a) => [...d.testNames].sort().join(orDefault(a, ',')) || 'none',
  SUBTESTS: (d, a) => [...d.subtestNames].sort().join(orDefault(a, ',')) || 'none',
  SUBTESTSCOLLAPSED: (d, a) => collapse(d.subtestNames).join(orDefault(a, ',')) || 'none',
  TESTSSCORES: (d, a) => [...d.testNames].sort().map((n) => `${n}=${d.scoreText?.(n) ?? (perlNumber(d.scores(n)) || '0')}`).join(orDefault(a, ',')) || 'none',
  PREVIEW: (d) => d.preview(),
  REPORT: (d) => `\n${d.extra('REPORT') ?? ''}`,
  SUBJPREFIX: (d) => d.extra('SUBJPREFIX') ?? '',
  HEADER: (d, a) => (orDefault(a, '') ? d.header(a as string) : ''),
  TIMING: () => '',
  // Set (perhaps to nothing) on every message, by SpamAssassin's core or for plugins it may not have loaded.
  LANGUAGES: (d) => d.extra('LANGUAGES') ?? '',
  RBL: (d) => d.extra('RBL') ?? '',
  ...Object.fromEntries(ALWAYS_KNOWN.map((name) => [name, (d: TagData, arg: string | undefined) => d.dynamicTag?.(name, arg) ?? d.extra(name) ?? ''])),
  ADDEDHEADERHAM: (d) => d.addedHeaders('ham'),
  ADDEDHEADERSPAM: (d) => d.addedHeaders('spam'),
  ADDEDHEADER: (d) => d.addedHeaders('current'),
};

const TAG_RE = /_([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?:\(.*?\))?)_/g;

/** Expand every `_TAG_` / `_TAG(arg)_` in `text`. */
export function expandTags(text: string, data: TagData, opts: { inHeader?: boolean } = {}): string {
  return text.replace(TAG_RE, (whole, tag: string) => {
    const open = tag.indexOf('(');
    const name = open < 0 ? tag : tag.slice(0, open);
    const arg = open < 0 ? undefined : tag.slice(open + 1, -1);
    // ADDEDHEADER inside add_header itself would recurse forever; SpamAssassin leaves it.
    if (opts.inHeader && name.startsWith('ADDEDHEADER')) return whole;
    const fn = TAGS[name];
    if (fn) return fn(data, arg);
    const present = WHEN_PRESENT[name]?.(data);
    if (present !== undefined) return present;
    const dynamic = data.dynamicTag?.(name, arg);
    if (dynamic !== undefined) return dynamic;
    const extra = data.extra(name);
    return extra === undefined ? whole : extra;
  });
}

function yesNo(d: TagData, arg: string | undefined): string {
  // Perl's split gives no fields for an empty argument: `_YESNO()_` reads as plain Yes/No.
  if (arg === undefined || arg === '') return d.isSpam ? 'Yes' : 'No';
  const comma = arg.indexOf(',');
  const spam = comma < 0 ? arg : arg.slice(0, comma);
  const ham = comma < 0 ? undefined : arg.slice(comma + 1);
  return d.isSpam ? spam : (ham ?? 'No');
}

function padScore(score: string, pad: string | undefined): string {
  if (pad === undefined || !/^(0+| +)$/.test(pad)) return score;
  const count = pad.length + 3 - score.length;
  return count > 0 ? pad.slice(0, count) + score : score;
}

function stars(score: number, arg: string | undefined): string {
  const n = Math.min(50, Math.trunc(score));
  return n > 0 ? orDefault(arg, '*').repeat(n) : '';
}

function collapse(names: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts.keys()].sort().map((n) => ((counts.get(n) ?? 1) > 1 ? `${n}(${counts.get(n)})` : n));
}


