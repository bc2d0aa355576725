/**
 * Signs in a Received line that the sending client authenticated. Any of
 * them lets inferred trust extend past a public IP. The first marker that
 * matches names the method; the order matters because several can match.
 */
import { byteRe } from './byte-regex.js';
import { receivedRe, type Pattern } from './ip-patterns.js';

interface AuthMarker {
  readonly name: string;
  detect(s: string): string | undefined;
}

/** A cheap precondition: a literal the line must contain, or a pattern it must match. */
type Guard = string | Pattern;

function passes(guard: Guard | undefined, s: string): boolean {
  if (guard === undefined) return true;
  return typeof guard === 'string' ? s.includes(guard) : guard.test(s);
}

function marker(name: string, re: Pattern, value: (m: RegExpExecArray) => string, guard?: Guard): AuthMarker {
  return {
    name,
    detect(s) {
      if (!passes(guard, s)) return undefined;
      const m = re.exec(s);
      return m ? value(m) : undefined;
    },
  };
}

const HAS_BY = ' by ';

const MARKERS: readonly AuthMarker[] = [
  // RFC 3848 / RFC 6531 protocol names (ESMTPA, ESMTPSA, LMTPA, UTF8SMTPA…), ASMTP and webmail HTTP.
  marker('with-protocol', / with ((?:ES|L|UTF8S|UTF8L)MTPS?A|ASMTP|HTTP[SU]?)(?: |;|$)/i, (m) => m[1] ?? '', HAS_BY),
  // Gmail submission says ESMTPS with a distinctive id instead of ESMTPSA.
  {
    name: 'gmail',
    detect(s) {
      if (!s.includes(' by mx.google.com with ESMTPS id ') || !GMAIL_ID.test(s)) return undefined;
      const m = GMAIL_TLS.exec(s);
      return m ? `GMail - transport=${m[1] ?? ''} cipher=${m[2] ?? ''}` : undefined;
    },
  },
  marker('courier', byteRe('^from .*?(?:\\]\\)|\\)\\]) \\(AUTH: (LOGIN|PLAIN|DIGEST-MD5|CRAM-MD5) \\S+(?:, .*?)?\\) by '), (m) => m[1] ?? '', '(AUTH: '),
  { name: 'sendmail', detect: (s) => (s.includes('authenticated') && sendmailAuthenticated(s) ? 'Sendmail' : undefined) },
  marker(
    'gmx',
    receivedRe('from \\S* \\((?:HELO|EHLO) (\\S*)\\) \\[({IP})\\] by (mail\\.gmx\\.(?:net|com)) \\([^)]+\\) with ((?:ESMTP|SMTP))'),
    (m) => `GMX (${m[4] ?? ''} / ${m[3] ?? ''})`,
    'mail.gmx.',
  ),
  marker('critical-path', /\) by .+ \(\d{1,2}\.\d\.\d{3}(?:\.\d{1,3})?\) \(authenticated as .+\) id /, () => 'CriticalPath', / \(authenticated as /),
  marker('postfix-sasl', byteRe('\\) \\(Authenticated sender: \\S+\\) by \\S+ \\(([^)]+)\\) with '), (m) =>
    m[1] === 'Postfix' ? 'Postfix' : `Postfix (${m[1] ?? ''})`,
  '(Authenticated sender: '),
  marker('communigate', / \(account /, () => 'Communigate', /CommuniGate Pro (HTTP|SMTP|XIMSS|IMAP)/),
  marker('exchange-dav', / with Microsoft Exchange Server HTTP-DAV\b/, () => 'HTTP-DAV', 'HTTP-DAV'),
  marker('via-http', / \(via (HTTP.?)\)(?: |;|$)/i, (m) => m[1] ?? '', HAS_BY),
];

const GMAIL_ID =
  / by mx\.google\.com with ESMTPS id [a-z0-9]{1,4}sm[0-9]{2,9}[a-z]{3}\.[0-9]{1,3}\.[0-9]{4}\.(?:[0-6][0-9]\.){4}[0-6][0-9]/;
const GMAIL_TLS = /\(version=([^ ]+) cipher=([^)]+)\)/;

/**
 * Sendmail/MDaemon style: after the `(… [ip])` or `(… [ip] (comment))` client
 * clause, a later parenthesised comment mentions "authenticated", then ` by`.
 * Checked as an ordered search rather than one regex with four lazy `.*?`,
 * which can take polynomial time on hostile lines.
 */
function sendmailAuthenticated(s: string): boolean {
  if (!s.startsWith('from ')) return false;
  const afterClient = earliestClientClauseEnd(s);
  if (afterClient < 0) return false;
  const open = s.indexOf('(', afterClient);
  if (open < 0) return false;
  const word = s.indexOf('authenticated', open + 1);
  if (word < 0) return false;
  const close = s.indexOf(')', word + 'authenticated'.length);
  if (close < 0) return false;
  return s.indexOf(' by', close + 1) >= 0;
}

const CLOSERS = /[\])]/g;

/**
 * Smallest end offset of a `]) `, `] (…)) ` or `)] ` token after `from `.
 * The comment's closing parenthesis is the first `)` after it opens, found
 * with a cursor that only moves forward, so the scan stays linear.
 */
function earliestClientClauseEnd(s: string): number {
  let close = -1;
  CLOSERS.lastIndex = 5;
  for (let c = CLOSERS.exec(s); c; c = CLOSERS.exec(s)) {
    const i = c.index;
    if (s[i] === ')') {
      if (s.startsWith('] ', i + 1)) return i + 3;
      continue;
    }
    if (s.startsWith(') ', i + 1)) return i + 3;
    if (!s.startsWith(' (', i + 1)) continue;
    if (close < i + 3) close = s.indexOf(')', i + 3);
    if (close < 0) return -1;
    if (s.startsWith(') ', close + 1)) return close + 3;
  }
  return -1;
}

/** The authentication method the line shows, or '' when none. */
export function detectAuth(s: string): string {
  for (const m of MARKERS) {
    const value = m.detect(s);
    if (value !== undefined) return value;
  }
  return '';
}
