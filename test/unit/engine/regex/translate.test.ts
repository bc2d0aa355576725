/**
 * Perl behaviour of each construct, pinned against perl 5.36 with
 * `qr/$re/aa` on byte strings (the results in comments were observed there).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePerlRegex, translatePerlRegex } from '../../../../src/engine/regex/translate.js';
import { RuleCompileError } from '../../../../src/util/errors.js';

/** Asserts which subjects the translated regex matches. */
function check(pattern: string, flags: string, hits: string[], misses: string[]): void {
  const re = compilePerlRegex(pattern, flags);
  for (const s of hits) assert.ok(re.test(s), `/${pattern}/${flags} should match ${JSON.stringify(s)}`);
  for (const s of misses) assert.ok(!re.test(s), `/${pattern}/${flags} should not match ${JSON.stringify(s)}`);
}

function source(pattern: string, flags = ''): string {
  const r = translatePerlRegex(pattern, flags);
  assert.ok(r.ok, `expected ${pattern} to translate`);
  return r.source;
}

function rejects(pattern: string, reason: RegExp, flags = ''): void {
  const r = translatePerlRegex(pattern, flags);
  assert.equal(r.ok, false, `expected ${JSON.stringify(pattern)} to be rejected`);
  if (!r.ok) assert.match(r.error, reason);
}

test('dot refuses only \\n (Perl), not \\r; /s makes it match \\n', () => {
  check('a.b', '', ['a\rb', 'a\xA0b'], ['a\nb']);
  check('a.b', 's', ['a\nb'], []);
  assert.equal(source('a.b'), 'a[^\\n]b');
});

test('$ without /m also matches before a final newline only', () => {
  check('foo$', '', ['foo', 'foo\n'], ['foo\n\n', 'foo\r\n', 'foo bar']);
  check('^foo', '', ['foo\n'], ['x\nfoo']);
});

test('^ and $ under /m break lines at \\n only; ^ not after a string-final \\n', () => {
  check('^b$', 'm', ['a\nb\nc', 'b', 'a\nb'], ['a\rb\rc', 'ab']);
  // perl: () = "a\n" =~ /^/mg gives 1 match: none after the final newline.
  const re = compilePerlRegex('^', 'm', { global: true });
  assert.equal('a\n'.match(re)?.length, 1);
  assert.equal('a\nb'.match(re)?.length, 2);
});

test('\\A, \\z and \\Z', () => {
  check('\\Afoo', 'm', ['foo\nx'], ['x\nfoo']);
  check('foo\\z', '', ['foo'], ['foo\n']);
  check('foo\\Z', '', ['foo', 'foo\n'], ['foo\n\n']);
});

test('\\s and \\S are ASCII-only under /aa, in and out of classes (NBSP is not space)', () => {
  check('a\\sb', '', ['a b', 'a\tb', 'a\x0Bb', 'a\rb'], ['a\xA0b', 'a\x85b']);
  check('a\\Sb', '', ['a\xA0b'], ['a b']);
  check('[\\s]', '', ['\f'], ['\xA0']);
  check('[^\\s]', '', ['\xA0'], [' ']);
});

test('\\d \\w \\b stay ASCII', () => {
  check('\\w+\\b', '', ['abc'], ['\xE9']);
  check('^\\d$', '', ['7'], ['\xB2']);
});

test('/i folds ASCII and Latin-1 letters, not across ASCII/non-ASCII', () => {
  check('caf\\xe9', 'i', ['CAF\xC9', 'Caf\xE9'], ['CAFE']);
  check('ss', 'i', ['SS'], ['\xDF']);
  check('[^a]', 'i', ['b'], ['A', 'a']);
  // Case is expanded by hand (faster in V8 than the i flag on these patterns).
  assert.deepEqual(translatePerlRegex('ab1', 'i'), {
    ok: true, source: '[Aa][Bb]1', flags: '', warnings: [], namedGroups: [], approximate: false,
  });
});

test('leading (?i) applies to the whole pattern', () => {
  assert.equal(source('(?i)ab'), '[Aa][Bb]');
  check('(?i)ab', '', ['AB', 'aB'], []);
});

test('back-references under /i use the JS i flag (they cannot be expanded by hand)', () => {
  // perl: "aA" =~ /(a)\1/i is true.
  const r = translatePerlRegex('(a)\\1', 'i');
  assert.ok(r.ok && r.flags === 'i' && !r.approximate);
  check('(a)\\1', 'i', ['aA', 'Aa'], ['ab']);
  check('(?i)(a)\\1[^b]', '', ['aAc'], ['aAB']);
});

test('scoped and mid-pattern modifiers are rewritten locally', () => {
  check('a(?i:bc)d', '', ['aBCd'], ['ABCd', 'aBCD']);
  check('a(?-i:bc)d', 'i', ['Abcd', 'abcD'], ['aBcd']);
  // perl: "C" =~ /a(?i)b|c/ is true: (?i) runs to the end of the enclosing group, across |.
  check('a(?i)b|c', '', ['aB', 'C'], ['AB']);
  check('(?:x(?i)y)z', '', ['xYz'], ['xYZ']);
  check('(?s:.)\\.', '', ['\n.'], []);
  check('(?s:a.)b.', '', ['a\nbx'], ['a\nb\n']);
  check('(?m:^b)$', '', ['a\nb'], []);
  check('(?^i:a)B', 'm', ['AB'], ['Ab']);
  check('(?x: a b )c d', '', ['abc d'], ['abcd']);
  assert.equal(source('a(?i:[b-d])'), 'a[B-Db-d]');
});

test('/x drops blanks and comments outside classes; /xx also inside', () => {
  check('a b # comment\n c', 'x', ['abc'], ['a b c']);
  check('a\\ b', 'x', ['a b'], ['ab']);
  check('[ a]', 'x', [' '], []);
  check('[ a]', 'xx', ['a'], [' ']);
});

test('possessive quantifiers and atomic groups never give back', () => {
  // perl: "aaa" =~ /a++a/ is false; "aaab" =~ /a++b/ is true.
  check('a++a', '', [], ['aaa']);
  check('a++b', '', ['aaab'], []);
  check('(?>a+)a', '', [], ['aaa']);
  check('x?+x', '', ['xx'], ['x']);
  check('a{1,2}+a', '', ['aaa'], ['aa']);
  assert.equal(source('a*+b'), '(?:(?=(a*))\\1)b');
});

test('back-references are renumbered past inserted groups', () => {
  check('(a)(?>b+)(c)\\2\\1', '', ['abbcca'], ['abbcac']);
  assert.equal(source('(a)(?>b)(c)\\2'), '(a)(?:(?=(b))\\2)(c)\\3');
  // A digit after a back-reference must not extend it.
  check('(a)\\1\\x30', '', ['aa0'], []);
});

test('POSIX classes are ASCII, negatable, and rejected outside brackets', () => {
  check('^[[:alpha:]]+$', '', ['abcXYZ'], ['ab1', '\xE9']);
  check('[[:^digit:]]', '', ['x'], ['5']);
  check('[[:punct:]]', '', ['!', '~', '`'], ['a', ' ']);
  check('[[:space:]]', '', ['\x0B'], ['\xA0']);
  rejects('[[:foo:]]', /unknown/);
  rejects('[[.a.]]', /reserved/);
});

test('] first in a class is a member', () => {
  check('^[]x]+$', '', [']x]'], ['y']);
  check('[^]x]', '', ['y'], [']']);
  rejects('[]', /unmatched \[/);
});

test('\\e, \\x{HH}, \\cX, octal and \\N{U+HH} escapes', () => {
  check('\\e\\x{41}\\cA\\x{ 4_2 }', '', ['\x1BA\x01B'], []);
  check('\\012\\0\\101\\o{102}', '', ['\n\0AB'], []);
  check('\\N{U+41}', '', ['A'], []);
  // \12 with fewer than 12 groups is octal, not a back-reference.
  check('(a)\\12', '', ['a\n'], []);
});

test('code points above \\xFF never match a byte subject (with a warning)', () => {
  const r = translatePerlRegex('a\\x{100}|b', '');
  assert.ok(r.ok);
  assert.match(r.warnings[0] ?? '', /above/);
  check('a\\x{100}|b', '', ['b'], ['a', 'a\x00']);
  check('[\\x{100}a]', '', ['a'], ['\x00']);
});

test('named captures in all spellings and named back-references', () => {
  const r = translatePerlRegex("(?<A>x)(?'B'y)(?P<C>z)\\k<A>\\k'B'\\k{C}(?P=A)\\g{B}", '');
  assert.ok(r.ok);
  assert.deepEqual(r.namedGroups, ['A', 'B', 'C']);
  const m = new RegExp(r.source, r.flags).exec('xyzxyzxy');
  assert.equal(m?.groups?.['B'], 'y');
  rejects('(?<a>x)(?<a>y)', /duplicate/);
  rejects('\\k<nope>', /nonexistent named group/);
});

test('relative back-references', () => {
  check('(a)(b)\\g{-1}\\g-2\\g1', '', ['abbaa'], ['abab']);
  rejects('\\g{-1}', /nonexistent/);
});

test('\\h \\H \\v \\V \\R \\N on bytes', () => {
  check('a\\hb', '', ['a\xA0b', 'a\tb'], ['a\nb']);
  check('a\\Hb', '', ['axb'], ['a b']);
  check('a\\vb', '', ['a\x85b', 'a\fb'], ['a b']);
  check('a\\Vb', '', ['a b'], ['a\rb']);
  check('a\\Nb', '', ['a\rb'], ['a\nb']);
  // perl: "\r\n" =~ /\R\n/ is false: \R takes CRLF whole and never gives back the LF.
  check('^\\R\\n', '', ['\n\n', '\r\n\n'], ['\r\n']);
});

test('\\K is dropped with a warning; the hit is unchanged', () => {
  const r = translatePerlRegex('foo\\Kbar', '');
  assert.ok(r.ok && r.source === 'foobar' && r.warnings.length === 1);
});

test('{,n} means {0,n}; quantifier braces allow blanks', () => {
  check('^x{,2}$', '', ['', 'xx'], ['xxx']);
  check('^x{ 1 , 2 }$', '', ['x'], ['xxx']);
  check('{1}$', '', ['{1}'], []);
});

test('literal { that is not a quantifier is an error after an atom (fatal in SpamAssassin)', () => {
  rejects('a{', /left brace/);
  rejects('a{x}', /left brace/);
  rejects('\\A{', /left brace/);
  // At the start of a group or branch, or after (?i), it is a literal.
  check('({)', '', ['{'], []);
  check('a|{', '', ['{'], []);
  check('x(?i){2}', '', ['x{2}'], ['xx']);
  // A comment is transparent: the quantifier applies to x.
  check('^x(?#c){2}$', '', ['xx'], []);
});

test('zero-length assertions may be made optional but not repeated (Perl refuses)', () => {
  check('^?a', '', ['ba'], []);
  check('x$?', '', ['xy'], []);
  rejects('^*a', /zero-length/);
  rejects('\\b+', /zero-length/);
  rejects('(?=x){2}', /zero-length/);
});

test('$ and @ followed by a name are not interpolated', () => {
  check('\\$foo', '', ['$foo'], []);
  check('a@b', '', ['a@b'], []);
});

test('identity escapes of punctuation are literal', () => {
  check('\\/\\<\\>\\_\\-', '', ['/<>_-'], []);
});

test('look-behind and look-ahead pass through', () => {
  check('(?<=a|bc)d', '', ['bcd', 'ad'], ['cd']);
  check('(?<!x)y(?!z)', '', ['ay'], ['xy', 'yz']);
});

test('/n makes plain groups non-capturing', () => {
  check('(?n)(a)(?<x>b)\\1', '', ['abb'], ['aba']);
});

test('comments (?#...) are ignored', () => {
  check('a(?#note)b', '', ['ab'], []);
});

test('a case-insensitive back-reference in a mixed pattern is translated approximately', () => {
  const r = translatePerlRegex('x=(\\S+) y=(?!(?i)\\1)', '');
  assert.ok(r.ok && r.approximate && r.flags === 'i');
  assert.match(r.warnings.join(' '), /approximate/);
});

test('constructs with no JS equivalent are rejected with a reason', () => {
  rejects('\\Gfoo', /\\G/);
  rejects('(a)(?1)', /recursion/);
  rejects('(?R)', /recursion/);
  rejects('(?&name)', /recursion/);
  rejects('(?P>name)', /recursion/);
  rejects('(a)?(?(1)b|c)', /conditional/);
  rejects('(?|(a)|(b))', /branch reset/);
  rejects('\\X', /grapheme/);
  rejects('\\p{L}', /Unicode properties/);
  rejects('\\P{L}', /Unicode properties/);
  rejects('(?{ 1 })', /code/);
  rejects('(??{ 1 })', /code/);
  rejects('(*FAIL)', /verbs/);
  rejects('\\b{wb}', /Unicode rules/);
  rejects('(?u)\\s', /charset modifier u/);
  rejects('a', /useless regex modifier g/, 'g');
  rejects('a', /unknown regex modifier 'e'/, 'e');
});

test('Perl syntax errors are reported, never thrown', () => {
  rejects('(a', /unmatched \(/);
  rejects('a)', /unmatched \)/);
  rejects('*a', /quantifier follows nothing/);
  rejects('a**', /nested quantifiers/);
  rejects('\\1', /nonexistent group/);
  rejects('[z-a]', /invalid \[\] range/);
  rejects('[\\w-z]', /false \[\] range/);
  rejects('\\y', /unrecognized escape/);
  rejects('[\\y]', /unrecognized escape/);
  rejects('\\Qa.b\\E', /\\Q/);
  rejects('\\xZ', /non-hex/);
  rejects('a{3,2}', /n > m/);
  rejects('a{70000}', /bigger than/);
  rejects('\\', /trailing/);
  rejects('(?<1a>x)', /non-digit/);
  rejects('[:alpha:]x(?#', /not terminated/);
});

test('compilePerlRegex throws RuleCompileError and honours global', () => {
  assert.throws(() => compilePerlRegex('(', ''), (err: unknown) => err instanceof RuleCompileError && /unmatched/.test(err.message));
  assert.equal(compilePerlRegex('a', 'i', { global: true }).flags, 'g');
  assert.equal(compilePerlRegex('(a)\\1', 'i', { global: true }).flags, 'gi');
});

test('a pattern opening with a look-around gets a first-byte hint, and still matches the same', () => {
  assert.equal(source('(?!spam)s[a-z]+', ''), '(?=s)(?!spam)s[a-z]+');
  check('(?!spam)s[a-z]+', '', ['sample'], ['spam', 'x']);
  assert.equal(source('(?:^|\\s)(?:a|B)x', 'i'), '(?=[\\t-\\r ABab])(?:^|[\\t-\\r ])(?:[Aa]|[Bb])[Xx]');
  check('(?:^|\\s)(?:a|B)x', 'i', ['ax', 'q bX'], ['qax']);
});

test('no hint where V8 scans well by itself or where any byte may start a match', () => {
  assert.equal(source('\\bfoo'), '\\bfoo');
  assert.equal(source('^foo'), '^foo');
  // Nullable: the look-ahead is followed by something that may be empty.
  assert.equal(source('(?!x)a*'), '(?!x)a*');
  // A back-reference first could start with anything.
  assert.equal(source('(?=(a))\\1'), '(?=(a))\\1');
});

test('a pattern opening with /m ^ and a broad class is written with JS\'s m flag, keeping Perl\'s line starts and ends', () => {
  const flagsOf = (pattern: string): string => {
    const r = translatePerlRegex(pattern, 'm');
    assert.ok(r.ok);
    return r.flags;
  };
  assert.equal(flagsOf('^[^>].*?<a href='), 'm');
  assert.equal(flagsOf('^From: (\\S+)'), '', 'a literal first byte: V8 scans ahead for it without the flag');
  assert.equal(flagsOf('^[^>]+(?:\\Az|y)'), '', 'a string-start anchor elsewhere keeps the pattern off the flag');
  // Observed with perl 5.36: after \r is not a line start, nor is the end of a string ending in \n.
  check('^[^>].*?<a href=', 'm', ['>\nx<a href='], ['>\rx<a href=']);
  check('^[^\\r\\n]{3}', 'm', ['>\nx<a href=', 'ab\ncde', 'ab\r\ncde'], ['ab\rcde', 'a\n\nb']);
  check('^$', 'm', ['', 'a\n\n', 'a\n\nb'], ['a\n', 'ab\rcde']);
  check('^\\z', 'm', [''], ['a\n', 'a\n\n']);
});
