/**
 * The widespread Received shapes (sendmail, qmail and its patches, qpsmtpd,
 * Hotmail, CommuniGate…), tried in order after the product families. The
 * order is significant: several patterns accept the same line and the first
 * one decides which word is the HELO and which the rDNS.
 */
import { capture, g, type LineMatcher, type MatchOutcome, type ReceivedFields } from './received-fields.js';
import { rx, type Pattern } from './ip-patterns.js';

function set(f: ReceivedFields, fields: Partial<ReceivedFields>): void {
  Object.assign(f, fields);
}

const QMAIL_LDAP = rx` by \S+ \(qmail-\S+\) with `;
const IDENT_PREFIX = /^IDENT:([^@]*)@/;
const USER_PREFIX = /^([^@]*)@/;

/** sendmail: `from HELO (RDNS [IP] …) by BY (`; rDNS may carry an IDENT user@ prefix. */
const SENDMAIL: LineMatcher = {
  name: 'sendmail',
  apply(s, f) {
    if (QMAIL_LDAP.test(s)) return undefined;
    const m = SENDMAIL_RE.exec(s);
    if (!m) return undefined;
    set(f, { mtaLookedUpDns: true, helo: g(m, 1), rdns: g(m, 2), ip: g(m, 3), by: g(m, 4) });
    for (const prefix of [IDENT_PREFIX, USER_PREFIX]) {
      const p = prefix.exec(f.rdns);
      if (p) {
        f.ident = g(p, 1);
        f.rdns = f.rdns.slice(p[0].length);
      }
    }
    return 'enough';
  },
};
const SENDMAIL_RE = rx`^(\S+) \((\S+) \[({IP})\].*\) by (\S+) \(`;

const QMAIL_HEAD = rx`^\S+(?: \((?:HELO|EHLO) \S*\))? \((?:\S+@)?\[?{IP}\]?\)(?: \(envelope-sender <\S+>\))? by \S+`;
const QMAIL_PROTOCOL = /(?:SMTP|QMQP)(?! id )/g;

/** A SMTP/QMQP protocol word at or after `from`, starting right there or after a space, and not followed by ` id `. */
function protocolAfter(rest: string, from: number): boolean {
  QMAIL_PROTOCOL.lastIndex = from;
  for (let m = QMAIL_PROTOCOL.exec(rest); m; m = QMAIL_PROTOCOL.exec(rest)) {
    if (m.index === from || rest[m.index - 1] === ' ') return true;
  }
  return false;
}

/**
 * qmail's tail after `by HOST`: optional ` (comments)`, then ` with `,
 * anything, and SMTP or QMQP not followed by ` id ` (sendmail writes an id).
 * Checked by scanning instead of SpamAssassin's single pattern, whose
 * repeated `(.+)` and `.*` go quadratic on hostile lines; the leftmost
 * `) with ` leaves the most room, so it is the only one worth trying.
 */
function qmailTail(rest: string): boolean {
  if (rest.startsWith(' with ')) return protocolAfter(rest, 6);
  if (!rest.startsWith(' (')) return false;
  const close = rest.indexOf(') with ', 3);
  return close >= 0 && protocolAfter(rest, close + 7);
}

const QMAIL_GUARD = {
  test(s: string): boolean {
    const head = QMAIL_HEAD.exec(s);
    return head !== null && qmailTail(s.slice(head[0].length));
  },
};
const QMAIL_SHAPES: readonly [Pattern, (m: RegExpExecArray) => Partial<ReceivedFields>][] = [
  [rx`^(\S+) \((?:HELO|EHLO) ([^ ()]*)\) \((\S*)@\[?({IP})\]?\)(?: \(envelope-sender <\S+>\))? by (\S+)`,
    (m) => ({ rdns: g(m, 1), helo: g(m, 2), ident: g(m, 3), ip: g(m, 4), by: g(m, 5) })],
  [rx`^(\S+) \((?:HELO|EHLO) ([^ ()]*)\) \(\[?({IP})\]?\)(?: \(envelope-sender <\S+>\))? by (\S+)`,
    (m) => ({ rdns: g(m, 1), helo: g(m, 2), ip: g(m, 3), by: g(m, 4) })],
  [rx`^(\S+) \((\S*)@\[?({IP})\]?\)(?: \(envelope-sender <\S+>\))? by (\S+)`,
    (m) => ({ rdns: g(m, 1), helo: g(m, 1), ident: g(m, 2), ip: g(m, 3), by: g(m, 4) })],
  [rx`^(\S+) \(\[?({IP})\]?\)(?: \(envelope-sender <\S+>\))? by (\S+)`,
    (m) => ({ rdns: g(m, 1), helo: g(m, 1), ip: g(m, 2), by: g(m, 3) })],
];

/**
 * qmail and its patches: `from RDNS (HELO x) (ident@IP) by BY with … SMTP`.
 * qmail writes "unknown" when it was given no rDNS; any other value came
 * from tcpserver's lookup. A line of this family is accepted even if none of
 * the shapes fills the fields (SpamAssassin does the same).
 */
const QMAIL: LineMatcher = {
  name: 'qmail',
  apply(s, f) {
    if (!QMAIL_GUARD.test(s)) return undefined;
    for (const [re, fields] of QMAIL_SHAPES) {
      const m = re.exec(s);
      if (m) {
        set(f, fields(m));
        break;
      }
    }
    if (f.rdns !== 'unknown') f.mtaLookedUpDns = true;
    else f.rdns = '';
    return 'enough';
  },
};

const HOTMAIL_BY = rx`by (\S+\.hotmail\.msn\.com) `;
const LEADING_IP = rx`^({IP}) `;

/** Hotmail web submissions: only the receiving host is certain, the client IP may lead the line. */
const HOTMAIL: LineMatcher = {
  name: 'hotmail-http',
  apply(s, f): MatchOutcome {
    const m = HOTMAIL_BY.exec(s);
    if (!m) return undefined;
    f.by = g(m, 1);
    const ip = LEADING_IP.exec(s);
    if (ip) f.ip = g(ip, 1);
    return 'enough';
  },
};

/** rDNS `softdnserr` is couriertcpd saying the lookup failed, not a host name. */
const SENDMAIL_LOOSE: LineMatcher = capture('sendmail-loose', rx`^(\S+) \((\S+) \[({IP})\]\).*? by (\S+)\b`, (m, f) => {
  if (g(m, 2) === 'softdnserr') f.mtaLookedUpDns = false;
  else set(f, { mtaLookedUpDns: true, rdns: g(m, 2) });
  set(f, { helo: g(m, 1), ip: g(m, 3), by: g(m, 4) });
});

export const CLASSIC_FORMATS: readonly LineMatcher[] = [
  capture('http-numeric-helo', rx`^({IP}) \(\[{IP}\]\) by (\S+)`, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) }), /\bwith HTTP\b/),
  SENDMAIL,
  capture('exchange-ims', rx`^(\S+) \((\S+) \[({IP})\]\) by (\S+) with \S+ \(`, (m, f) =>
    set(f, { mtaLookedUpDns: true, rdns: g(m, 2), ip: g(m, 3), helo: g(m, 1), by: g(m, 4) })),
  capture('helo-equals', rx`^(\S+) \(\[({IP})\] helo=(\S+)\) by (\S+) with `, (m, f) =>
    set(f, { rdns: g(m, 1), ip: g(m, 2), helo: g(m, 3), by: g(m, 4) })),
  capture('attbi-unknown', rx`^(\S+) \(<unknown\S*>\[({IP})\]\) by (\S+) `, (m, f) =>
    set(f, { helo: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  // rDNS must hold a dot with something on both sides; split at its first such dot so the match is unambiguous.
  capture('attbi', rx`^(\S+) \((\S[^\s.]*\.\S+)\[({IP})\]\) by (\S+) `, (m, f) =>
    set(f, { mtaLookedUpDns: true, helo: g(m, 1), rdns: g(m, 2), ip: g(m, 3), by: g(m, 4) })),
  capture('sendmail-ident-at-ip', rx`^(\S+) \((\S*)@\[({IP})\].*\) by (\S+) \(`, (m, f) =>
    set(f, { mtaLookedUpDns: true, helo: g(m, 1), ip: g(m, 3), by: g(m, 4), ident: g(m, 2) })),
  HOTMAIL,
  capture('qpsmtpd', rx`^(\S+) \((?:HELO|EHLO) (\S*)\) \(({IP})\) by (\S+) \(qpsmtpd/\S+\) with (?:ESMTP|SMTP)`, (m, f) =>
    set(f, { rdns: g(m, 1), helo: g(m, 2), ip: g(m, 3), by: g(m, 4) })),
  capture('lmtp-lhlo', rx`^(\S+) \(LHLO (\S*)\) \(({IP})\) by (\S+) with LMTP`, (m, f) =>
    set(f, { rdns: g(m, 1), helo: g(m, 2), ip: g(m, 3), by: g(m, 4) })),
  capture('helo-bracket-ip', rx`^(\S+) \((?:HELO|EHLO) (\S*)\) \[({IP})\] by (\S+) \([^)]+\) with (?:ESMTP|SMTP)`, (m, f) =>
    set(f, { rdns: g(m, 1), helo: g(m, 2), ip: g(m, 3), by: g(m, 4) })),
  capture('smtpd-for', rx`^(\S+) \(\[({IP})\]\) by (\S+) via smtpd \(for \S+\) with SMTP\(`, (m, f) =>
    set(f, { helo: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  QMAIL,
  capture('yahoo-web', rx`^\[({IP})\] by (\S+) via HTTP$`, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) }), / via HTTP$/),
  capture('space-bracket', rx`^(\S+) \( \[({IP})\]\).*? by (\S+) `, (m, f) => set(f, { ip: g(m, 2), by: g(m, 3) })),
  capture('paren-helo-ip', rx`^\((\S+) \[({IP})\]\) by (\S+) `, (m, f) => set(f, { helo: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  capture('bare-bracket-ip', rx`^\[({IP})\] by (\S+) `, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) })),
  capture('paren-ip-only', rx`^\(\[?({IP})\]?\) by (\S+) `, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) })),
  capture('mdaemon', rx`^(\S+) \[({IP})\] by (\S+) \[{IP}\] with `, (m, f) =>
    set(f, { mtaLookedUpDns: true, helo: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  capture('mdaemon-paren-ip', rx`^(\S+) \[\(({IP})\)\] by (\S+) \({IP}\) `, (m, f) =>
    set(f, { helo: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  capture('sendmail-no-rdns', rx`^(\S+) \(\[({IP})\]\) by (\S+) \(`, (m, f) =>
    set(f, { mtaLookedUpDns: true, helo: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  SENDMAIL_LOOSE,
  capture('ip-with-port', rx`^(\S+) \(\[({IP})(?:[.:]\d+)?\]\).*? by (\S+) `, (m, f) =>
    set(f, { mtaLookedUpDns: true, helo: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  capture('sendmail-auth-bits', rx`^(\S+) \((\S+) \[({IP})\]\)(?: \(authenticated bits=\d+\))? by (\S+) \(`, (m, f) =>
    set(f, { mtaLookedUpDns: true, helo: g(m, 1), rdns: g(m, 2), ip: g(m, 3), by: g(m, 4) })),
  // fetchmail / getmail: a POP or IMAP pickup is not an SMTP handover.
  { name: 'mail-fetcher', apply: (s) => (/with (?:POP3|IMAP)/.test(s) ? 'fetcher' : undefined) },
];
