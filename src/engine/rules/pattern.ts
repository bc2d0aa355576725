/**
 * A rule regex ready to run. Patterns with `%{TAG}` capture templates stay
 * uncompiled until a scan knows the tag's value.
 */
import { requiredBytes } from '../regex/required-bytes.js';
import { requiredLiterals } from '../regex/required-literals.js';
import { minMatchLength } from '../regex/min-length.js';
import { parsePerlRegex } from '../regex/parser.js';
import { compilePerlRegex } from '../regex/translate.js';
import type { PatternSource } from './compiled-types.js';

const TEMPLATE = /(?<!\\)%\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const CAPTURE_NAME = /\(\?(?:<([A-Za-z_]\w*)>|P<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/g;

/**
 * Built patterns by source and flags, shared by every rule set this thread
 * compiles: each score set (the one a daemon first scans with is not the one
 * it uses once Bayes has learned enough or DNS answers), each user's
 * preferences, a reload. A RegExp made again from a source whose first
 * RegExp has already run stays slow for good in V8 (it is left to the regexp
 * interpreter; `--no-regexp-tier-up` hides the effect): an engine created
 * after another had scanned 1,500 corpus messages took 4.9-5.0 ms a message
 * against the first's 4.1, its rules' own regexes 2.4 times as long, and
 * 4.2-4.35 with the patterns shared. Sharing is safe because a rule resets
 * lastIndex before every use and rules never run interleaved; it also keeps
 * one copy of the compiled regex code per thread instead of one per rule set.
 */
const shared = new Map<string, PatternSource | { error: string }>();
/** Past this many distinct patterns (thousands of users' own rules) the table starts over rather than grow. */
const SHARED_LIMIT = 50_000;

export function buildPattern(pattern: string, flags: string): PatternSource | { error: string } {
  const key = `${flags}/${pattern}`;
  let built = shared.get(key);
  if (!built) {
    if (shared.size >= SHARED_LIMIT) shared.clear();
    built = buildNewPattern(pattern, flags);
    shared.set(key, built);
  }
  return built;
}

function buildNewPattern(pattern: string, flags: string): PatternSource | { error: string } {
  const templateTags = [...pattern.matchAll(TEMPLATE)].map((m) => m[1] ?? '');
  const captureNames = [...pattern.matchAll(CAPTURE_NAME)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  const folded = flags.includes('i');
  if (templateTags.length > 0) {
    // The literals around the template hold whatever the tag's value is.
    const literals = safeLiterals(pattern.replace(TEMPLATE, TEMPLATE_STANDIN), flags);
    const source = patternSource(undefined, pattern, flags, templateTags, captureNames, literals, folded, undefined, new Map());
    source.templateRequired = templateOnEveryPath(pattern, flags);
    return source;
  }
  try {
    const regex = compilePerlRegex(pattern, flags, { global: true });
    const literals = safeLiterals(pattern, flags);
    const source = patternSource(regex, pattern, flags, templateTags, captureNames, literals, folded, literalAlternation(literals), undefined);
    source.minLength = minMatchLength(parsePerlRegex(pattern, flags).root);
    if (literals === null) source.guard = guardBytes(pattern, flags);
    return source;
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/**
 * Every pattern is built by this one literal with every field present, so
 * they all share one hidden class: the rule loops read `pattern.regex` a few
 * thousand times per message, and a property read across many shapes is
 * several times slower than one across a single shape.
 */
function patternSource(
  regex: RegExp | undefined,
  pattern: string,
  flags: string,
  templateTags: string[],
  captureNames: string[],
  literals: string[] | null,
  literalsFolded: boolean,
  literalRe: RegExp | undefined,
  instances: Map<string, RegExp | undefined> | undefined,
): PatternSource {
  return { regex, perl: { pattern, flags }, templateTags, captureNames, literals, literalsFolded, literalRe, instances, templateRequired: false, minLength: 0, guard: undefined };
}

/** Stands for the templates when asking whether every match goes through one (lower case: /i literals are folded). */
const TEMPLATE_MARKER = 'qzxjtemplatemarkerqzxj';

/**
 * Whether every match of the pattern passes through a `%{TAG}`: with the
 * templates replaced by a marker word, every literal the prefilter derives
 * holds the marker. The literals come from the pattern's structure (a
 * sequence's required term, every branch of an alternation), so a marker in
 * all of them is a template that no path can skip.
 */
function templateOnEveryPath(pattern: string, flags: string): boolean {
  const lits = safeLiterals(pattern.replace(TEMPLATE, TEMPLATE_MARKER), flags);
  return lits !== null && lits.every((l) => l.includes(TEMPLATE_MARKER));
}

/**
 * For a template pattern every match goes through: whether none of the
 * lines (all, or those listed) holds any value a template stands for, so the
 * rule cannot hit and need not be compiled with this message's values (the
 * tag values change with every recipient: building the regex cost more than
 * running it). False when that cannot be known.
 */
export function templateValuesAbsent(source: PatternSource, tag: (name: string) => string | undefined, lines: readonly string[], only: readonly number[] | undefined): boolean {
  if (!source.templateRequired) return false;
  const fold = source.literalsFolded;
  const wanted: string[] = [];
  for (const name of source.templateTags) {
    for (const v of (tag(name) ?? '').split(' ')) if (v !== '') wanted.push(fold ? v.toLowerCase() : v);
  }
  if (wanted.length === 0) return false;
  const count = only ? only.length : lines.length;
  for (let k = 0; k < count; k++) {
    const line = lines[only ? only[k]! : k] ?? '';
    const hay = fold ? line.toLowerCase() : line;
    for (const w of wanted) if (hay.includes(w)) return false;
  }
  return true;
}

/**
 * Stands for a template when deriving literals: one or more of any byte,
 * which requires nothing and joins no literal across the template.
 */
const TEMPLATE_STANDIN = '(?:[\\x00-\\xff]+)';

/** Instances of a template pattern kept per distinct tag values (the values repeat across messages). */
const MAX_INSTANCES = 256;

/** Literals too short to be selective are not worth a search. */
function safeLiterals(pattern: string, flags: string): string[] | null {
  try {
    const lits = requiredLiterals(pattern, flags);
    if (!lits || lits.length === 0 || lits.some((l) => l.length < 2)) return null;
    return lits;
  } catch {
    return null;
  }
}

/** Above this many literals one regex search beats one includes() per literal. */
const ALTERNATION_FROM = 8;

function literalAlternation(literals: string[] | null): RegExp | undefined {
  if (!literals || literals.length < ALTERNATION_FROM) return undefined;
  return new RegExp(literals.map((l) => l.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('|'));
}

/**
 * Bytes common in any text (letters, digits, white space) say nothing;
 * the rest a pattern requires guard it when it has no literals (at most a few:
 * each is a search of the subject).
 */
const UNSELECTIVE_BYTE = /[A-Za-z0-9\s]/;
const MAX_GUARD_BYTES = 3;

function guardBytes(pattern: string, flags: string): string[] | undefined {
  const bytes = requiredBytes(pattern, flags).map((c) => String.fromCharCode(c)).filter((c) => !UNSELECTIVE_BYTE.test(c));
  return bytes.length === 0 ? undefined : bytes.slice(0, MAX_GUARD_BYTES);
}

/** Whether the subject holds every byte of the pattern's guard (true without one). */
export function guardHolds(source: PatternSource, subject: string): boolean {
  const guard = source.guard;
  if (guard === undefined) return true;
  for (const b of guard) if (!subject.includes(b)) return false;
  return true;
}

/** Whether the prefilter lets the regex run on a subject (`folded` is the subject lower-cased). */
export function mayMatch(source: PatternSource, subject: string, folded: () => string): boolean {
  const lits = source.literals;
  if (!lits) return guardHolds(source, subject);
  const hay = source.literalsFolded ? folded() : subject;
  if (source.literalRe) return source.literalRe.test(hay);
  for (const l of lits) if (hay.includes(l)) return true;
  return false;
}

/** Whether every `%{TAG}` of the pattern has a value (a rule whose tag is unset does not run). */
export function tagsReady(source: PatternSource, tag: (name: string) => string | undefined): boolean {
  if (source.regex) return true;
  for (const name of source.templateTags) if (!tag(name)) return false;
  return true;
}

/** Substitute `%{TAG}` with the regex-escaped tag values; undefined when a tag is unset (the rule does not run). */
export function instantiatePattern(source: PatternSource, tag: (name: string) => string | undefined): RegExp | undefined {
  if (source.regex) return source.regex;
  const perl = substituteTags(source, tag);
  if (perl === undefined) return undefined;
  const instances = (source.instances ??= new Map());
  if (instances.has(perl)) return instances.get(perl);
  let re: RegExp | undefined;
  try {
    re = compilePerlRegex(perl, source.perl.flags, { global: true });
  } catch {
    re = undefined;
  }
  if (instances.size >= MAX_INSTANCES) instances.clear();
  instances.set(perl, re);
  return re;
}

function substituteTags(source: PatternSource, tag: (name: string) => string | undefined): string | undefined {
  let missing = false;
  const perl = source.perl.pattern.replace(TEMPLATE, (_m, name: string) => {
    const value = tag(name);
    if (value === undefined || value === '') {
      missing = true;
      return '';
    }
    return `(?:${value.split(' ').filter(Boolean).map(quoteMeta).join('|')})`;
  });
  return missing ? undefined : perl;
}

function quoteMeta(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, (c) => `\\${c}`);
}
