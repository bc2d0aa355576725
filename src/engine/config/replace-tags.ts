/**
 * The ReplaceTags step at the end of parsing: in the regexes of the rules
 * named by replace_rules, `<TAG>` becomes the replace_tag value, with
 * optional `<pre X>`, `<post X>` and `<inter X>` fragments, repeated while a
 * replacement introduces new tags (at most 6 passes).
 */
import type { ParseState } from './parse-state.js';
import type { RuleTest } from './types.js';

interface TagTables {
  tags: ReadonlyMap<string, string>;
  pre: ReadonlyMap<string, string>;
  post: ReadonlyMap<string, string>;
  inter: ReadonlyMap<string, string>;
  start: string;
  end: string;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Perl truth of a replacement value: '' and '0' do not replace. */
function usable(v: string | undefined): v is string {
  return v !== undefined && v !== '' && v !== '0';
}

/** Perl's split with a capturing separator: keeps a leading empty field, drops trailing empty ones. */
function perlSplit(text: string): string[] {
  const pieces = text.split(/(<[^<>]+>)/);
  while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}

function takeModifier(re: string, word: string, t: TagTables): { re: string; name?: string } {
  const m = new RegExp(`${escapeRe(t.start)}${word} (.+?)${escapeRe(t.end)}`).exec(re);
  if (m === null) return { re };
  return { re: re.slice(0, m.index) + re.slice(m.index + m[0].length), name: m[1] };
}

function onePass(input: string, t: TagTables): { re: string; again: boolean } {
  let re = input;
  const pre = takeModifier(re, 'pre', t);
  re = pre.re;
  const post = takeModifier(re, 'post', t);
  re = post.re;
  const inter = takeModifier(re, 'inter', t);
  re = inter.re;
  let pieces = perlSplit(re);
  const tagRe = new RegExp(`(${escapeRe(t.start)}.+?${escapeRe(t.end)})`);
  const preText = pre.name === undefined ? undefined : t.pre.get(pre.name);
  const postText = post.name === undefined ? undefined : t.post.get(post.name);
  const interText = inter.name === undefined ? undefined : t.inter.get(inter.name);
  if (usable(preText)) pieces = pieces.map((p) => p.replace(tagRe, (x) => preText + x));
  if (usable(postText)) pieces = pieces.map((p) => p.replace(new RegExp(tagRe.source, 'g'), (x) => x + postText));
  // SA works on the stringified qr, which starts with "(?aa)", so the first piece is never empty there.
  if (usable(interText)) pieces = pieces.map((p, i) => (p === '' && i > 0 ? interText : p));
  let again = false;
  pieces = pieces.map((p) => {
    const m = new RegExp(`${escapeRe(t.start)}(.+?)${escapeRe(t.end)}`).exec(p);
    const value = m === null ? undefined : t.tags.get(m[1] as string);
    if (m === null || !usable(value)) return p;
    if (/<[^>]+>/.test(value)) again = true;
    return p.split(`${t.start}${m[1]}${t.end}`).join(value);
  });
  return { re: pieces.join(''), again };
}

/** The pattern after tag replacement. */
export function replaceTagsIn(pattern: string, t: TagTables): string {
  let re = pattern;
  for (let passes = 0; ; ) {
    const r = onePass(re, t);
    re = r.re;
    passes++;
    if (!r.again || passes > 5) return re;
  }
}

function withPattern(test: RuleTest, pattern: string): RuleTest | undefined {
  if (test.kind === 'regex' || test.kind === 'match') return { ...test, pattern };
  return undefined;
}

/** Applies replace_rules to the listed rules (only those in `only`, when given). */
export function applyReplaceTags(st: ParseState, only?: ReadonlySet<string>): void {
  const c = st.config;
  const names = c.lists.get('replace_rules') ?? [];
  if (names.length === 0) return;
  const hashes = c.hashes;
  const t: TagTables = {
    tags: c.replaceTags,
    pre: hashes.get('replace_pre') ?? new Map(),
    post: hashes.get('replace_post') ?? new Map(),
    inter: hashes.get('replace_inter') ?? new Map(),
    start: c.other.get('replace_start') ?? '<',
    end: c.other.get('replace_end') ?? '>',
  };
  for (const name of new Set(names)) {
    if (only !== undefined && !only.has(name)) continue;
    const rule = c.rules.get(name);
    // SA replaces only in compiled regex rules: header/body/rawbody/full/uri (not mimeheader evals).
    if (rule === undefined || rule.type === 'mimeheader') continue;
    const test = rule.test;
    if (test.kind !== 'regex' && test.kind !== 'match') continue;
    const replaced = replaceTagsIn(test.pattern, t);
    if (replaced === test.pattern) continue;
    const next = withPattern(test, replaced);
    if (next !== undefined) st.mut('rules').set(name, { ...rule, test: next });
  }
}
