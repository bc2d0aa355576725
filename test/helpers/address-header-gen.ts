/**
 * A seeded generator of address header values, valid and malformed, for the
 * differential tests of the address parsers: display names (atoms, quoted
 * strings with escapes, encoded words, 8-bit), local parts and domains with
 * dot and quote oddities, IP literals, comments (nested, unbalanced),
 * groups, source routes, stray and unclosed angle brackets, empty elements,
 * folding, and byte-level mutations of all of these. Values are octets
 * (latin1 strings).
 *
 * 8-bit letters (UTF-8 or Latin-1) are only made on request (`idnHosts`):
 * wherever they land in a host name, whether it passes SpamAssassin's FQDN
 * checks depends on its optional Net::LibIDN2, which Spamward always
 * assumes. Without it the 8-bit bytes are ones no IDN conversion reads as
 * letters.
 */
import { seededRandom } from '../../src/util/seeded-random.js';
import { RandomPicks } from './random-picks.js';

export type Rng = () => number;

/** The project's seeded generator (src/util/seeded-random.ts): the same values on every run. */
export const seededRng: (seed: number) => Rng = seededRandom;

const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

const WORDS = ['john', 'Doe', 'info', 'no-reply', 'a.b', 'x_y', 'Smith,', 'J.', "O'Brien", '=?UTF-8?B?SsO8cmdlbg==?=',
  '=?iso-8859-1?Q?J=FCrgen?=', utf8('Jürgen'), utf8('山田'), '\xe9t\xe9', 'Mr', '(Jr)', 'a@b.example', 'foo+bar', '=?x?='];
const USERS = ['a', 'john.doe', 'x+tag', 'first_last', 'no-reply', 'u1', 'a..b', 'a.', '.a', "o'neil", 'user%host', '=?utf-8?q?x?=',
  utf8('jür'), '\xe9', '123', 'a b', '"'];
const HOSTS = ['example.com', 'mail.example.org', 'b.example', 'localhost', 'x.co.uk', 'a..b.com', 'b.', '.b', '[192.0.2.1]',
  '[IPv6:2001:db8::1]', '[1.2 .3]', '[a\\]b]', utf8('bücher'), 'EXAMPLE.NET', 'a_b.example.com', '123.45.67.89', 'ex-ample.io'];
const IDN_HOSTS = [utf8('bücher.example'), '\xe9t\xe9.example', utf8('例え.テスト')];
// Latin-1 letters and UTF-8 lead bytes become continuation bytes (see the note at the top).
const withoutLetters = (s: string): string =>
  s.replace(/[\xc0-\xd6\xd8-\xf6\xf8-\xfe]/g, (c) => String.fromCharCode(0x80 | (c.charCodeAt(0) & 0x3f)));
const SPECIALS = ['<', '>', '(', ')', '"', '\\', ',', ';', ':', '@', '[', ']', '.', ' ', '\t', '\n', '\n ', '\r\n ', '\x00', '\x80', '\xff', "'"];

class Gen extends RandomPicks {
  private readonly hosts: readonly string[];

  constructor(rnd: Rng, private readonly idnHosts: boolean) {
    super(rnd);
    this.hosts = idnHosts ? [...HOSTS, ...IDN_HOSTS] : HOSTS;
  }

  host(): string {
    return this.pick(this.hosts);
  }

  ws(): string {
    return this.pick(['', '', ' ', ' ', '  ', '\t', '\n ', '\n\t', '\r\n ']);
  }

  comment(): string {
    switch (this.int(8)) {
      case 0: return '(comment)';
      case 1: return `(${this.pick(WORDS)} ${this.pick(WORDS)})`;
      case 2: return '(outer (inner) tail)';
      case 3: return '(unclosed';
      case 4: return 'stray)';
      case 5: return '(esc \\) paren)';
      case 6: return '()';
      default: return `(${this.pick(USERS)}@${this.host()})`;
    }
  }

  quoted(): string {
    switch (this.int(9)) {
      case 0: return `"${this.pick(WORDS)} ${this.pick(WORDS)}"`;
      case 1: return '"Doe, John"';
      case 2: return '"with \\"escaped\\" quotes"';
      case 3: return '"back\\\\slash"';
      case 4: return `"unclosed ${this.pick(WORDS)}`;
      case 5: return '""';
      case 6: return `"${this.pick(USERS)}@${this.host()}"`;
      case 7: return '"x <y"';
      default: return `"folded\n ${this.pick(WORDS)}"`;
    }
  }

  phrase(): string {
    const n = 1 + this.int(3);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = this.int(10);
      parts.push(r < 5 ? this.pick(WORDS) : r < 8 ? this.quoted() : r < 9 ? this.comment() : this.pick(['.', 'a.b.', "'quoted'"]));
    }
    return parts.join(this.pick([' ', ' ', '', '  ', '\n ']));
  }

  local(): string {
    const r = this.int(10);
    if (r < 6) return this.pick(USERS);
    if (r < 8) return `"${this.pick(USERS)} ${this.pick(WORDS)}"`;
    if (r < 9) return `${this.pick(USERS)}.${this.quoted()}`;
    return `${this.pick(USERS)}${this.ws()}.${this.ws()}${this.pick(USERS)}`;
  }

  addrSpec(): string {
    switch (this.int(12)) {
      case 0: return this.local();
      case 1: return `${this.local()}@${this.host()}@${this.host()}`;
      case 2: return `${this.local()}@`;
      case 3: return `@${this.host()}`;
      case 4: return `${this.local()}${this.ws()}@${this.ws()}${this.host()}`;
      case 5: return `${this.local()}@${this.comment()}${this.host()}`;
      default: return `${this.local()}@${this.host()}`;
    }
  }

  mailbox(): string {
    const a = this.addrSpec();
    switch (this.int(16)) {
      case 0: return a;
      case 1: return `${a} ${this.comment()}`;
      case 2: return `<${a}>`;
      case 3: return `${this.phrase()} <${a}>`;
      case 4: return `${this.phrase()}${this.ws()}<${a}>${this.ws()}${this.comment()}`;
      case 5: return `${this.phrase()} <${a}`;
      case 6: return `${this.phrase()} ${a}>`;
      case 7: return `<${a}`;
      case 8: return `${this.phrase()} <<${a}>>`;
      case 9: return `${this.phrase()} <@${this.host()},@${this.host()}:${a}>`;
      case 10: return `${this.phrase()} <${a}> ${this.pick(WORDS)}`;
      case 11: return `${this.comment()} ${a}`;
      case 12: return this.phrase();
      case 13: return `${this.quoted()} <${a}>`;
      case 14: return `${this.phrase()} <${a}> <${this.addrSpec()}>`;
      default: return `${this.phrase()} <${a}>`;
    }
  }

  element(): string {
    const r = this.int(14);
    if (r === 0) return '';
    if (r === 1) {
      const members = Array.from({ length: this.int(3) }, () => this.mailbox());
      return `${this.pick(['group', 'undisclosed-recipients', 'Team A', '"quoted group"'])}:${this.ws()}${members.join(', ')}${this.pick([';', ';', '', '; '])}`;
    }
    return this.mailbox();
  }

  list(): string {
    const n = this.chance(0.5) ? 1 : 1 + this.int(5);
    const seps = [', ', ',', ' , ', ',,', ',\n ', ', , ', ';'];
    let s = '';
    for (let i = 0; i < n; i++) {
      if (i > 0) s += this.chance(0.8) ? ', ' : this.pick(seps);
      s += this.element();
    }
    if (this.chance(0.1)) s = this.pick([',', ', ', ' ']) + s;
    if (this.chance(0.1)) s += this.pick([',', ', ', ' ,', ';']);
    return s;
  }

  /** Insert, delete or replace a few bytes, mostly with specials. */
  mutate(s: string): string {
    const n = 1 + this.int(3);
    for (let i = 0; i < n; i++) {
      const at = this.int(s.length + 1);
      const r = this.int(3);
      const ins = this.chance(0.8) ? this.pick(SPECIALS) : String.fromCharCode(this.int(256));
      if (r === 0) s = s.slice(0, at) + ins + s.slice(at);
      else if (r === 1) s = s.slice(0, at) + s.slice(at + 1);
      else s = s.slice(0, at) + ins + s.slice(at + 1);
    }
    return s;
  }

  /** A value as a header holds it: often with leading space and the final newline. */
  value(): string {
    let s = this.list();
    if (this.chance(0.35)) s = this.mutate(s);
    if (this.chance(0.5)) s = ' ' + s;
    if (this.chance(0.6)) s += '\n';
    return s;
  }

  long(): string {
    switch (this.int(4)) {
      case 0: return Array.from({ length: 500 + this.int(1500) }, () => this.mailbox()).join(', ');
      case 1: return `${'x'.repeat(20000 + this.int(20000))} <a@b.example`;
      case 2: return `"${'long name '.repeat(2000)}" <${this.addrSpec()}>`;
      default: return this.mutate(Array.from({ length: 300 }, () => this.element()).join(this.pick([',', ', ', ',,'])));
    }
  }
}

/** `count` header values from `seed`, a few of them very long. */
export function addressHeaderValues(seed: number, count: number, idnHosts = false): string[] {
  const g = new Gen(seededRng(seed), idnHosts);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(i % 500 === 499 ? g.long() : g.value());
  return idnHosts ? out : out.map(withoutLetters);
}
