/**
 * One Authentication-Results (or ARC-Authentication-Results) value read as
 * SpamAssassin's AuthRes plugin reads it: the authserv-id, then methods with
 * their result, optional reason and action, and properties. The plugin is
 * strict: a method, result, property type or property it does not know, a
 * missing delimiter or an unclosed comment rejects the whole header (its
 * results are all dropped), and only one comment is skipped at each place
 * white space may be. Results are compared as written (`Pass` is unknown).
 */
import { byteClass } from '../util/byte-class.js';

const KNOWN_RESULTS: Readonly<Record<string, readonly string[]>> = {
  arc: ['fail', 'none', 'pass'],
  auth: ['fail', 'none', 'pass', 'permerror', 'temperror'],
  dkim: ['fail', 'neutral', 'none', 'pass', 'permerror', 'policy', 'temperror'],
  'dkim-adsp': ['discard', 'fail', 'none', 'nxdomain', 'pass', 'permerror', 'temperror', 'unknown'],
  'dkim-atps': ['fail', 'none', 'pass', 'permerror', 'temperror', 'neutral'],
  dmarc: ['bestguesspass', 'fail', 'none', 'pass', 'permerror', 'temperror'],
  dnswl: ['none', 'pass', 'permerror', 'temperror'],
  domainkeys: ['fail', 'neutral', 'none', 'permerror', 'policy', 'pass', 'temperror'],
  iprev: ['fail', 'pass', 'permerror', 'temperror'],
  rrvs: ['fail', 'none', 'pass', 'permerror', 'temperror', 'unknown'],
  'sender-id': ['fail', 'hardfail', 'neutral', 'none', 'pass', 'permerror', 'policy', 'softfail', 'temperror'],
  smime: ['fail', 'neutral', 'none', 'pass', 'permerror', 'policy', 'temperror'],
  spf: ['fail', 'hardfail', 'neutral', 'none', 'pass', 'permerror', 'policy', 'softfail', 'temperror'],
  vbr: ['fail', 'none', 'pass', 'permerror', 'temperror'],
};

/** Per method, property type -> the properties it may carry ('*': any). */
const KNOWN_PROPERTIES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  arc: { smtp: ['remote-ip'], header: ['oldest-pass'], arc: ['chain'] },
  auth: { smtp: ['auth', 'mailfrom'] },
  dkim: { header: ['d', 'i', 'b', 'a', 's'] },
  'dkim-adsp': { header: ['from'] },
  'dkim-atps': { header: ['from'] },
  dmarc: { header: ['from'], policy: ['dmarc'] },
  dnswl: { dns: ['zone', 'sec'], policy: ['ip', 'txt'] },
  domainkeys: { header: ['d', 'from', 'sender'] },
  iprev: { policy: ['iprev'] },
  rrvs: { smtp: ['rcptto'] },
  'sender-id': { header: ['*'] },
  smime: { body: ['smime-part', 'smime-identifer', 'smime-serial', 'smime-issuer'] },
  spf: { smtp: ['mailfrom', 'mfrom', 'helo', 'rcpttodomain'] },
  vbr: { header: ['md', 'mv'] },
};

export const AUTHRES_METHODS: readonly string[] = Object.keys(KNOWN_RESULTS);

export interface AuthResMethod {
  method: string;
  result: string;
}

export interface AuthResOptions {
  /** Lower-cased authserv-ids to trust; empty: any. */
  trusted: ReadonlySet<string>;
  /** Lower-cased authserv-ids to ignore. */
  ignored: ReadonlySet<string>;
}

export class AuthResRejected extends Error {
  override readonly name = 'AuthResRejected';
}

// Perl's \s and \w on bytes.
const WS = '[ \\t\\n\\r\\f\\x0b]';
const TOKEN = '[^ \\t\\n\\r\\f\\x0b\\x00-\\x1f\\x80-\\xff()<>@,;:/\\[\\]?="]+';
const ATOM = "[a-zA-Z0-9@!#$%&\\\\'*+\\-/=?^_`{|}~]+";
const QUOTED = '"(?:[^"\\\\]|\\\\[\\s\\S])*"?';
/** Perl's `$` without /m: the end, or before a final newline. */
const END = '(?=\\n?$)';

const sticky = (source: string, flags = ''): RegExp => new RegExp(source, `y${flags}`);
const RE = {
  ws: sticky(`${WS}*`),
  commentPart: sticky('[\\s\\S]*?([()]|$)'),
  arcIndexKey: sticky('i\\b'),
  digits: sticky('\\d+'),
  token: sticky(TOKEN),
  word: sticky('[A-Za-z0-9_-]+'),
  result: sticky('[A-Za-z0-9_]+'),
  none: sticky('none\\b', 'i'),
  reason: sticky('reason\\b', 'i'),
  action: sticky('action\\b', 'i'),
  quoted: sticky(QUOTED),
  // The plugin writes these as `\G"…"|TOKEN`: the \G binds the quoted form only, so the other is searched for
  // anywhere from the cursor on (a value it cannot read makes it skip ahead to the next thing it can).
  tokenAhead: new RegExp(TOKEN, 'g'),
  endOfMethod: sticky(`;|${END}`),
};

const isWs = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const ATOM_BYTES = byteClass(new RegExp(`^${ATOM}$`));
const TOKEN_BYTES = byteClass(new RegExp(`^${TOKEN}$`));

/**
 * The property value search: the plugin's `(ATOM(\.ATOM)*|TOKEN)(?=[\s;]|$)`,
 * tried at every position from the cursor on. As a backtracking regex that
 * takes time growing with the square of a long run of value characters that
 * nothing ends (8 KB: 0.6 s); here each start's longest dotted-atom chain and
 * token run are known from one pass, and only their ends can be followed by
 * white space, ';' or the end, so the first start that works is found in one
 * walk, with the same answer.
 */
class ValueRuns {
  private readonly chainEnd: Int32Array;
  private readonly tokenEnd: Int32Array;

  constructor(private readonly text: string) {
    const n = text.length;
    const atom = (i: number) => i < n && ATOM_BYTES[text.charCodeAt(i)] === 1;
    const token = (i: number) => i < n && TOKEN_BYTES[text.charCodeAt(i)] === 1;
    const runEnd = new Int32Array(n + 1);
    this.chainEnd = new Int32Array(n + 1);
    this.tokenEnd = new Int32Array(n + 1);
    for (let i = n - 1; i >= 0; i--) {
      runEnd[i] = atom(i) ? (atom(i + 1) ? (runEnd[i + 1] as number) : i + 1) : -1;
      this.tokenEnd[i] = token(i) ? (token(i + 1) ? (this.tokenEnd[i + 1] as number) : i + 1) : -1;
    }
    for (let i = n - 1; i >= 0; i--) {
      const r = runEnd[i] as number;
      this.chainEnd[i] = r < 0 ? -1 : text[r] === '.' && atom(r + 1) ? (this.chainEnd[r + 1] as number) : r;
    }
  }

  /** Where the first value at or after `from` ends, as the plugin's regex would find it. */
  firstValueEnd(from: number): number | undefined {
    for (let p = from; p < this.text.length; p++) {
      const chain = this.chainEnd[p] as number;
      if (chain >= 0 && this.endsValue(chain)) return chain;
      const token = this.tokenEnd[p] as number;
      if (token >= 0 && this.endsValue(token)) return token;
    }
    return undefined;
  }

  private endsValue(at: number): boolean {
    return at >= this.text.length || isWs(this.text.charCodeAt(at)) || this.text[at] === ';';
  }
}

/** A cursor over the value, with the plugin's "\G…/gc" steps. */
class Cursor {
  pos = 0;
  private runs: ValueRuns | undefined;
  constructor(readonly text: string) {}

  /** The match at the cursor (moving past it), or undefined (staying). */
  take(re: RegExp): RegExpExecArray | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return undefined;
    this.pos = re.lastIndex;
    return m;
  }

  literal(s: string): boolean {
    if (!this.text.startsWith(s, this.pos)) return false;
    this.pos += s.length;
    return true;
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** White space, at most one (nested) comment, white space. */
  skipCfws(): void {
    this.take(RE.ws);
    if (!this.literal('(')) return;
    let depth = 1;
    while (depth > 0) {
      const m = this.take(RE.commentPart);
      if (!m || m[1] === '') break;
      depth += m[1] === ')' ? -1 : 1;
    }
    if (depth > 0) throw new AuthResRejected('comment not ended');
    this.take(RE.ws);
  }

  /** A quoted string at the cursor, else the first token from the cursor on (a reason or action value). */
  quotedOrToken(what: string): void {
    if (this.take(RE.quoted)) return;
    RE.tokenAhead.lastIndex = this.pos;
    if (!RE.tokenAhead.exec(this.text)) throw new AuthResRejected(`${what}: ${this.text.slice(this.pos)}`);
    this.pos = RE.tokenAhead.lastIndex;
  }

  /** A quoted string at the cursor, else the first dotted atom or token from the cursor on that ends a value. */
  quotedOrValue(what: string): void {
    if (this.take(RE.quoted)) return;
    this.runs ??= new ValueRuns(this.text);
    const end = this.runs.firstValueEnd(this.pos);
    if (end === undefined) throw new AuthResRejected(`${what}: ${this.text.slice(this.pos)}`);
    this.pos = end;
  }

  expect(re: RegExp, what: string): RegExpExecArray {
    const m = this.take(re);
    if (!m) throw new AuthResRejected(`${what}: ${this.text.slice(this.pos)}`);
    return m;
  }
}

/** The methods of one header value; throws AuthResRejected when the plugin would skip the header. */
export function parseAuthResHeader(name: string, value: string, opts: AuthResOptions): AuthResMethod[] {
  const c = new Cursor(value);
  if (/^ARC-/i.test(name)) readArcIndex(c);
  const authserv = c.expect(RE.token, 'invalid authserv')[0].toLowerCase();
  if (c.literal('=')) throw new AuthResRejected('missing authserv');
  if (opts.trusted.size > 0 && !opts.trusted.has(authserv)) throw new AuthResRejected(`authserv not trusted: ${authserv}`);
  if (opts.ignored.has(authserv)) throw new AuthResRejected(`ignored authserv: ${authserv}`);
  c.skipCfws();
  if (c.take(RE.digits)) c.skipCfws();
  if (!c.literal(';')) throw new AuthResRejected('missing delimiter');
  c.skipCfws();
  const repeatedAuthserv = sticky(`${authserv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${WS}*;`);
  const methods: AuthResMethod[] = [];
  while (!c.done) methods.push(readMethod(c, repeatedAuthserv));
  return methods;
}

function readArcIndex(c: Cursor): void {
  c.expect(RE.arcIndexKey, 'missing arc index');
  c.skipCfws();
  if (!c.literal('=')) throw new AuthResRejected('invalid arc index');
  c.skipCfws();
  const index = Number(c.expect(RE.digits, 'invalid arc index')[0]);
  if (index < 1 || index > 50) throw new AuthResRejected(`invalid arc index: ${index}`);
  c.skipCfws();
  if (!c.literal(';')) throw new AuthResRejected('missing delimiter');
  c.skipCfws();
}

function readMethod(c: Cursor, repeatedAuthserv: RegExp): AuthResMethod {
  if (c.take(repeatedAuthserv)) c.skipCfws();
  if (c.take(RE.none)) throw new AuthResRejected('method none');
  const method = c.expect(RE.word, 'invalid method')[0].toLowerCase();
  const results = KNOWN_RESULTS[method];
  if (results === undefined) throw new AuthResRejected(`unknown method: ${method}`);
  c.skipCfws();
  if (c.literal('/')) {
    c.skipCfws();
    c.expect(RE.digits, `invalid ${method} version`);
    c.skipCfws();
  }
  if (!c.literal('=')) throw new AuthResRejected(`missing result for ${method}`);
  c.skipCfws();
  const result = c.expect(RE.result, `invalid result for ${method}`)[0];
  if (!results.includes(result)) throw new AuthResRejected(`unknown result for ${method}: ${result}`);
  c.skipCfws();
  for (const key of [RE.reason, RE.action]) {
    if (!c.take(key)) continue;
    c.skipCfws();
    if (!c.literal('=')) throw new AuthResRejected('invalid reason or action');
    c.skipCfws();
    c.quotedOrToken('invalid reason or action');
    c.skipCfws();
  }
  readProperties(c, method);
  return { method, result };
}

function readProperties(c: Cursor, method: string): void {
  const known = KNOWN_PROPERTIES[method] ?? {};
  while (!c.done) {
    if (c.take(RE.endOfMethod)) {
      c.skipCfws();
      return;
    }
    const ptype = c.expect(RE.word, 'invalid ptype')[0].toLowerCase();
    const properties = known[ptype];
    if (properties === undefined) throw new AuthResRejected(`unknown ptype: ${method}/${ptype}`);
    c.skipCfws();
    if (!c.literal('.')) throw new AuthResRejected('missing property');
    c.skipCfws();
    const property = c.expect(RE.word, 'invalid property')[0].toLowerCase();
    if (!properties.includes(property) && !properties.includes('*')) throw new AuthResRejected(`unknown property for ${method}/${ptype}: ${property}`);
    c.skipCfws();
    if (!c.literal('=')) throw new AuthResRejected('missing property value');
    c.skipCfws();
    c.quotedOrValue(`invalid ${method}/${ptype}.${property} value`);
    c.skipCfws();
    if (c.take(RE.endOfMethod)) {
      c.skipCfws();
      return;
    }
  }
}
