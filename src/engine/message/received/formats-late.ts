/**
 * Less common Received shapes, tried after the mail-fetcher check: qmail
 * variants without the SMTP keyword, smap, Post.Office, ArGoSoft, InterScan,
 * F-Secure, obtuse smtpd, Yahoo authenticated SMTP, and the synthetic
 * `X-Originating-IP:` pseudo-line.
 */
import { capture, g, ignore, perlTrue, type LineMatcher, type ReceivedFields } from './received-fields.js';
import { rx } from './ip-patterns.js';
import { readHeloIdent } from './sub-clause.js';

function set(f: ReceivedFields, fields: Partial<ReceivedFields>): void {
  Object.assign(f, fields);
}

/** qmail drops the HELO when it equals the rDNS, and writes ident@ before the IP when it has one. */
function identOf(raw: string): string {
  return perlTrue(raw) && raw.endsWith('@') ? raw.slice(0, -1) : raw;
}

export const LATE_FORMATS: readonly LineMatcher[] = [
  capture('qmail-helo-any', rx`^(\S+) \((?:HELO|EHLO) ([^)]*)\) \((\S*@)?\[?({IP})\]?\).* by (\S+) `, (m, f) =>
    set(f, { mtaLookedUpDns: true, rdns: g(m, 1), helo: g(m, 2), ident: identOf(g(m, 3)), ip: g(m, 4), by: g(m, 5) })),
  capture('qmail-no-helo', rx`^(\S+) \((\S*@)?\[?({IP})\]?\).* by (\S+) `, (m, f) =>
    set(f, { mtaLookedUpDns: true, rdns: g(m, 1), helo: g(m, 1), ident: identOf(g(m, 2)), ip: g(m, 3), by: g(m, 4) })),
  capture('outblaze-http', rx`^\[({IP})\] by (\S+) with http for `, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) }), / with http for /),
  capture('smap', rx`^(\S+)\(({IP})\) by (\S+) via smap `, (m, f) =>
    set(f, { mtaLookedUpDns: true, rdns: g(m, 1), ip: g(m, 2), by: g(m, 3) }), / via smap /),
  capture('smap-helo', rx`^(\S+)\(({IP}), (?:HELO|EHLO) (\S*)\) by (\S+) via smap `, (m, f) =>
    set(f, { mtaLookedUpDns: true, rdns: g(m, 1), ip: g(m, 2), helo: g(m, 3), by: g(m, 4) })),
  capture('post-office', rx`^\[({IP})\] by (\S+) \(Post`, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) }), / \(Post/),
  capture('argosoft', rx`^\[({IP})\] by (\S+) \(ArGoSoft`, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) }), / \(ArGoSoft/),
  capture('interscan-smtpl', rx`^({IP}) by (\S+) \((?:SMTPL|InterScan)\b`, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) })),
  // Batched SMTP is a file transfer, not a TCP handover.
  ignore('bsmtp', rx`^\S+ by \S+ with BSMTP`, / with BSMTP/),
  capture('spike', rx`^(\S+) \((\S+) \[({IP})\]\) by (\S+) with `, (m, f) =>
    set(f, { mtaLookedUpDns: true, helo: g(m, 1), rdns: g(m, 2), ip: g(m, 3), by: g(m, 4) })),
  {
    name: 'yahoo-helo-ident',
    apply(s, f) {
      const m = YAHOO_HELO.exec(s);
      if (!m) return undefined;
      set(f, { mtaLookedUpDns: true, rdns: g(m, 1), helo: g(m, 2), ip: g(m, 4), by: g(m, 5) });
      if (m[3] !== undefined) f.ident = m[3];
      return 'enough';
    },
  },
  capture('communigate-account', rx`^\[({IP})\] \((?:account \S+ )?(?:HELO|EHLO) (\S*)\) by (\S+) \(`, (m, f) =>
    set(f, { ip: g(m, 1), helo: g(m, 2), by: g(m, 3) })),
  capture('communigate-verified', rx`^(\S+) \(\[({IP})\] verified\) by (\S+) \(`, (m, f) =>
    set(f, { mtaLookedUpDns: true, rdns: g(m, 1), helo: g(m, 1), ip: g(m, 2), by: g(m, 3) }), / \(CommuniGate Pro/),
  capture('ciphertrust', rx`^\(\[({IP})\]\) by (\S+) with `, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) })),
  capture('ironport', rx`^([^\d]\S+) \(({IP})\) by (\S+) `, (m, f) => set(f, { helo: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  // Content Technologies writes no IP at all.
  ignore('content-technologies', rx`^\S+ \(\S+\) by \S+ \(Content Technologies `),
  capture('double-bracket', rx`^(\S+) \(\[({IP})\] \[(\S+)\]\) by (\S+) with `, (m, f) =>
    set(f, { helo: g(m, 1), ip: g(m, 2), by: g(m, 4) })),
  capture('tumbleweed', rx`^({IP}) by (\S+) with `, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) })),
  capture('attbi-any', rx`^(\S+) \((\S+)\[({IP})\]\) by (\S+) `, (m, f) =>
    set(f, { mtaLookedUpDns: true, helo: g(m, 1), rdns: g(m, 2), ip: g(m, 3), by: g(m, 4) })),
  capture('f-secure', rx`^\[({IP})\]\S+ \((?:HELO|EHLO) (\S*)\) by (\S+) `, (m, f) =>
    set(f, { ip: g(m, 1), helo: g(m, 2), by: g(m, 3) })),
  capture('altavista', rx`^({IP}) \((?:HELO|EHLO) (\S*)\) by (\S+) `, (m, f) =>
    set(f, { ip: g(m, 1), helo: g(m, 2), by: g(m, 3) })),
  capture('smtpd32', rx`^(\S+) \[({IP})\] by (\S+) `, (m, f) => set(f, { helo: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  capture('csmap', rx`^(\S+)\(({IP})\) by (\S+) `, (m, f) => set(f, { rdns: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  capture('mailgate', rx`^\[({IP})\] by (\S+) \(MailGate `, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) })),
  capture('unverified', rx`^(\S+) \(unverified \[({IP})\]\) by (\S+) `, (m, f) =>
    set(f, { helo: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  capture('ip-comment', rx`^({IP}) \([A-Za-z][^)]+\) by (\S+) with `, (m, f) => set(f, { ip: g(m, 1), by: g(m, 2) })),
  capture('bracket-ip-comment', rx`^\[({IP})\] \(([^)]+)\) by (\S+) `, (m, f) => {
    set(f, { ip: g(m, 1), by: g(m, 3) });
    readHeloIdent(g(m, 2), f);
  }),
  capture('rdns-user-ip', rx`^(\S+) \((?:\S+@)?({IP})\) by (\S+) with `, (m, f) =>
    set(f, { rdns: g(m, 1), ip: g(m, 2), by: g(m, 3) })),
  capture('obtuse', rx`^(\S+)\(({IP})\)(?:, claiming to be "(\S+)")? via \S+ by (\S+),`, (m, f) => {
    set(f, { rdns: g(m, 1), ip: g(m, 2), helo: g(m, 3), by: g(m, 4) });
    if (g(m, 1) !== 'UNKNOWN') f.mtaLookedUpDns = true;
  }),
  capture('yahoo-login', rx`^(\S+) \((\S+)@({IP}) with login\) by (\S+\.yahoo\.com) with SMTP`, (m, f) =>
    set(f, { helo: g(m, 1), ip: g(m, 3), by: g(m, 4) })),
  // The pseudo-line built from originating_ip_headers: an IP and no receiving host.
  capture('synthetic-originating', rx`^X-Originating-IP: ({IP})$`, (m, f) => set(f, { ip: g(m, 1), by: '' })),
];

const YAHOO_HELO = rx`^(\S+) \((?:HELO|EHLO) (\S*)\) \((?:(\S+)@)?({IP}).*?\) by (\S+) with `;
