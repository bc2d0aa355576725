/**
 * What Email::Address::XS->parse returns for a header value, emulated from
 * its observed behaviour: an RFC 5322 address list (groups flattened) read
 * leniently. An address that fails part-way keeps what was read before the
 * failure and is flagged invalid; the list stops at the first address not
 * followed by a comma. SpamAssassin consults it for values its own parser
 * reads poorly (Util::parse_header_addresses).
 */
import { END, ERROR, isAtext, MORE, type Step, type Text, XsCursor } from './address-xs-lexer.js';
import type { Octets } from './types.js';

/** One parsed object, as the module's accessors return its fields. */
export interface XsAddress {
  phrase: Octets | undefined;
  user: Octets | undefined;
  host: Octets | undefined;
  comment: Octets | undefined;
  /** The parser met a syntax error on this address. */
  invalid: boolean;
}

interface Draft {
  /** undefined: no display name; '' is kept for a bare empty quoted string. */
  name: Octets | undefined;
  user: Octets;
  host: Octets;
  comment: Octets;
  invalid: boolean;
}

// Not-this-production: the caller rewinds and tries the next alternative.
const NOT_THIS = -2;

function newDraft(): Draft {
  return { name: undefined, user: '', host: '', comment: '', invalid: false };
}

/** Email::Address::XS->parse($value) in list context. */
export function xsParse(value: Octets): XsAddress[] {
  const cur = new XsCursor(value);
  const out: XsAddress[] = [];
  if (cur.skipCfws() !== MORE) return out;
  for (;;) {
    const start = cur.pos;
    let step = group(cur, out);
    if (step === NOT_THIS) {
      cur.pos = start;
      step = mailbox(cur, out);
      // Anything but a comma after a lone mailbox spoils it (not so in a group).
      if (step !== END && !cur.is(',')) out[out.length - 1]!.invalid = true;
    }
    if (step === END || !cur.is(',')) break;
    cur.pos++;
    if (cur.skipCfws() === END) break;
  }
  return out;
}

/**
 * `name: mailbox, ... ;` — only its mailboxes are returned, the name is not
 * an address. Whatever breaks the group after its name only ends it.
 */
function group(cur: XsCursor, out: XsAddress[]): Step | typeof NOT_THIS {
  const name: Text = { text: '' };
  if (phrase(cur, name) !== MORE || !cur.is(':')) return NOT_THIS;
  cur.pos++;
  if (cur.skipCfws() !== MORE) return END;
  if (!cur.is(';')) {
    for (;;) {
      if (mailbox(cur, out) === END) return END;
      if (!cur.is(',')) break;
      cur.pos++;
      if (cur.skipCfws() !== MORE) return END;
    }
  }
  if (!cur.is(';')) return MORE;
  cur.pos++;
  return cur.skipCfws() === END ? END : MORE;
}

/** `name-addr / addr-spec`: one record whatever happens, as the module adds one. */
function mailbox(cur: XsCursor, out: XsAddress[]): Step {
  const start = cur.pos;
  const named = newDraft();
  const step = nameAddr(cur, named);
  if (step !== NOT_THIS) {
    out.push(finish(named));
    return step;
  }
  cur.pos = start;
  const bare = newDraft();
  const bareStep = addrSpec(cur, bare);
  if (bareStep === ERROR) bare.invalid = true;
  out.push(finish(bare));
  return bareStep;
}

function finish(d: Draft): XsAddress {
  return {
    phrase: d.name,
    // The module tests the user for emptiness by its first byte: a leading NUL empties it.
    user: d.user === '' || d.user.startsWith('\0') ? undefined : d.user,
    host: d.host === '' ? undefined : d.host,
    comment: d.comment === '' ? undefined : d.comment,
    invalid: d.invalid,
  };
}

/** `[phrase] <addr>`; a broken angle address keeps its name and what it read. */
function nameAddr(cur: XsCursor, d: Draft): Step | typeof NOT_THIS {
  const name: Text = { text: '' };
  if (phrase(cur, name) !== MORE || !cur.is('<')) return NOT_THIS;
  if (name.text !== '') d.name = name.text;
  if (name.flawed) d.invalid = true;
  if (angleAddr(cur, d) === ERROR) d.invalid = true;
  return cur.more();
}

function angleAddr(cur: XsCursor, d: Draft): Step {
  cur.pos++;
  cur.lastComment = '';
  const step = angleBody(cur, d);
  if (cur.lastComment !== '') d.comment = cur.lastComment;
  return step;
}

function angleBody(cur: XsCursor, d: Draft): Step {
  if (cur.skipCfws() !== MORE) return ERROR;
  if (cur.is('@')) {
    // A broken route only spoils the address: reading goes on from where it stopped.
    if (route(cur) === 'colon' && cur.is(':')) cur.pos++;
    else d.invalid = true;
    if (cur.skipCfws() !== MORE) return ERROR;
  }
  if (!cur.is('>')) {
    const local: Text = { text: '' };
    const step = localPart(cur, local);
    if (step === ERROR) return ERROR;
    d.user = local.text;
    if (local.flawed) d.invalid = true;
    if (step !== MORE) return ERROR;
    if (cur.is('@')) {
      const host: Text = { text: '' };
      const hostStep = domain(cur, d, host);
      // The module takes a host that runs out on a dot as a complete address.
      if (host.dangling) return END;
      if (hostStep !== MORE) return ERROR;
    }
    if (!cur.is('>')) return ERROR;
  }
  cur.pos++;
  return cur.skipCfws();
}

/**
 * Obsolete source route `@a,@b:` before the address; its domains are
 * dropped. 'colon': the route ended where its `:` belongs (a missing one only
 * spoils the address). 'skipped': one of its domains was flawed (`a..b`, a
 * dot before a non-word byte); the address is then invalid, and the module
 * steps over one byte, whatever it is, as if it were the colon. 'failed': a
 * domain could not be read.
 */
function route(cur: XsCursor): 'colon' | 'skipped' | 'failed' {
  let flawed = false;
  while (cur.is('@')) {
    cur.pos++;
    if (cur.skipCfws() !== MORE) return 'failed';
    const host: Text = { text: '' };
    const step = cur.is('[') ? cur.domainLiteral(host) : cur.dotAtom(host);
    if (step !== MORE) return 'failed';
    if (host.flawed || host.afterDot) flawed = true;
    while (cur.skipCfws() === MORE && cur.is(',')) cur.pos++;
  }
  if (!flawed) return 'colon';
  if (cur.pos < cur.end) cur.pos++;
  return 'skipped';
}

/**
 * `local@domain`. Without a domain the module often takes the local part for
 * a display name: when the input ends right after it (not after a dangling
 * dot), and whenever the local part was malformed (`a..b`, `a.@`).
 */
function addrSpec(cur: XsCursor, d: Draft): Step {
  cur.lastComment = '';
  const local: Text = { text: '' };
  const localStep = localPart(cur, local);
  let step = localStep;
  let hostOk = false;
  if (localStep !== ERROR) d.user = local.text;
  if (localStep !== END && cur.is('@')) {
    const host: Text = { text: '' };
    step = domain(cur, d, host);
    hostOk = step !== ERROR;
    // A dangling dot ends the input, yet the list does not see it as the end.
    if (host.dangling) step = MORE;
  }
  if (local.flawed) d.invalid = true;
  if (localStep !== ERROR && ((local.flawed && !hostOk) || (localStep === END && !local.dangling))) {
    d.name = local.text;
    d.user = '';
  }
  if (cur.lastComment !== '') d.comment = cur.lastComment;
  if (localStep === END && local.dangling) return MORE;
  return step;
}

/**
 * dot-atom, quoted string, or words of either joined by dots
 * (obs-local-part); a dot after a quoted word is dropped. A dot must be
 * followed by a word or end the input; before `@` it is tolerated but
 * counted as a flaw, before anything else it fails the local part.
 */
function localPart(cur: XsCursor, out: Text): Step {
  for (;;) {
    const step = cur.is('"') ? cur.quoted(out) : cur.dotAtom(out);
    if (step !== MORE) return step;
    if (out.afterDot) out.afterDot = false;
    else {
      if (!cur.is('.')) return MORE;
      cur.pos++;
      // Nothing after the dot, or an unclosed comment: the end of the word list.
      if (cur.skipCfws() !== MORE) return END;
    }
    if (cur.is('"') || isAtext(cur.code())) continue;
    if (!cur.is('@')) return ERROR;
    out.flawed = true;
    return MORE;
  }
}

/** `@domain`: the host is kept even when flawed (then the address is invalid). */
function domain(cur: XsCursor, d: Draft, text: Text): Step {
  cur.pos++;
  if (cur.skipCfws() !== MORE) return ERROR;
  const step = cur.is('[') ? cur.domainLiteral(text) : cur.dotAtom(text);
  if (step === ERROR) return ERROR;
  d.host = text.text;
  if (text.flawed || text.afterDot) d.invalid = true;
  return step;
}

/**
 * A display name: words (atoms with dots, quoted strings) joined by single
 * spaces, comments dropped. It may be empty (`<a@b>`), but may not start
 * with a dot.
 */
function phrase(cur: XsCursor, out: Text): Step {
  if (cur.pos >= cur.end) return END;
  if (cur.is('.')) return ERROR;
  for (;;) {
    const step = cur.is('"') ? cur.quoted(out) : cur.atomRun(out, true);
    if (step !== MORE) return step;
    const c = cur.code();
    if (!(c === 0x22 || c === 0x2e || isAtext(c))) return MORE;
    out.text += ' ';
  }
}
