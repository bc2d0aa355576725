/**
 * Received formats recognised by a product signature (Microsoft, XMail,
 * ecelerity, Exim, Postfix, Scalix, Lotus). SpamAssassin picks at most one
 * product family per line: the first family whose signature appears decides,
 * even if none of its formats then matches.
 */
import { capture, g, ignore, perlTrue, type LineMatcher, type MatchOutcome, type ReceivedFields } from './received-fields.js';
import { rx, type Pattern } from './ip-patterns.js';
import { readHeloIdent } from './sub-clause.js';

interface Family {
  readonly name: string;
  /** Literal text every line of the family holds: a cheap test before the signature pattern. */
  readonly marker: string;
  readonly signature: Pattern;
  readonly formats: readonly LineMatcher[];
}

const MS_SMTPSVC: Family = {
  name: 'ms-smtpsvc',
  marker: ' SMTPSVC',
  signature: / SMTPSVC/,
  formats: [
    // Microsoft SMTPSVC never records rDNS; the client word is the HELO.
    capture('smtpsvc', rx`^(\S*) \(\[({IP})\][^)]{0,40}\) by (\S+) with Microsoft SMTPSVC`, (m, f) => {
      f.helo = g(m, 1); f.ip = g(m, 2); f.by = g(m, 3);
    }),
    ignore('smtpsvc-pickup', rx`^mail pickup service by (\S+) with Microsoft SMTPSVC$`),
  ],
};

const MS_SMTP_SERVER: Family = {
  name: 'ms-smtp-server',
  marker: ' with ',
  signature: rx` with (?:Microsoft SMTP Server|mapi id) (?:\([^)]+\) )?\d+\.\d+\.\d+\.\d+(?:$| )`,
  formats: [
    // Exchange's "id 15.1.x" is its version, not a queue id.
    capture('exchange', rx`^(\S+) \(\[?({IP})(?:%[A-Z0-9._~-]*)?\]?\) by (\S+) `, (m, f) => {
      f.helo = g(m, 1); f.ip = g(m, 2); f.by = g(m, 3); f.id = '';
    }),
  ],
};

const XMAIL_ID = rx` id <(\S+)>`;
const XMAIL_FROM = rx` from <(\S+)>`;

const XMAIL: Family = {
  name: 'xmail',
  marker: '[XMail ',
  signature: /\[XMail /,
  formats: [
    capture('xmail', rx`^(\S+) \((\[?{IP}\]?)(?::\d+)\) by (\S+)(?: \(\S+\))? with \[XMail`, (m, f) => {
      f.helo = g(m, 1); f.ip = g(m, 2); f.by = g(m, 3);
      const id = XMAIL_ID.exec(m.input);
      if (id) f.id = g(id, 1);
      const from = XMAIL_FROM.exec(m.input);
      if (from) f.envfrom = g(from, 1);
    }),
  ],
};

const ECELERITY: Family = {
  name: 'ecelerity',
  marker: '(ecelerity',
  signature: /\(ecelerity\b/,
  formats: [
    capture('ecelerity-helo', rx`^\(\[({IP}):\d+\] helo=(\S+)\) by (\S+) `, (m, f) => {
      f.ip = g(m, 1); f.helo = g(m, 2); f.by = g(m, 3);
    }),
    capture('ecelerity', rx`^\S+ \(\[({IP}):\d+\]\) by (\S+) `, (m, f) => {
      f.ip = g(m, 1); f.by = g(m, 2);
    }),
  ],
};

const EXIM_PIECES = {
  rdns: rx`^(\S+) `,
  helo: rx` \((\S+)\) `,
  ip: rx` \[({IP})(?:\.\d+)?\] `,
  by: rx`by (\S+) `,
};

/**
 * Last resort for odd Exim lines: pick up what pieces are there. The fields
 * stay set even when no IP is found, and later formats see them.
 */
const EXIM_PIECEMEAL: LineMatcher = {
  name: 'exim-piecemeal',
  apply(s: string, f: ReceivedFields): MatchOutcome {
    const rdns = EXIM_PIECES.rdns.exec(s);
    if (rdns) f.rdns = g(rdns, 1);
    const helo = EXIM_PIECES.helo.exec(s);
    if (helo) f.helo = g(helo, 1);
    const ip = EXIM_PIECES.ip.exec(s);
    if (ip) f.ip = g(ip, 1);
    const by = EXIM_PIECES.by.exec(s);
    if (!by) return undefined;
    f.by = g(by, 1);
    return perlTrue(f.ip) ? 'enough' : undefined;
  },
};

const EXIM: Family = {
  name: 'exim',
  marker: 'Exim',
  signature: /Exim/,
  formats: [
    ignore('exim-local', rx`\bwith local(?:-\S+)? `),
    capture('exim-bare-ip', rx`^\[({IP})\] \((.*?)\) by (\S+) `, (m, f) => {
      f.ip = g(m, 1); f.by = g(m, 3);
      readHeloIdent(g(m, 2), f);
    }),
    // The HELO defaults to the rDNS when Exim does not write helo=.
    capture('exim-rdns-ip', rx`^(\S+) \(\[({IP})\](.*?)\) by (\S+) `, (m, f) => {
      f.rdns = g(m, 1); f.ip = g(m, 2); f.by = g(m, 4); f.helo = f.rdns;
      readHeloIdent(g(m, 3), f);
    }),
    capture('exim-rdns-bracket', rx`^(\S+) \[({IP})\](:\d+)? by (\S+) `, (m, f) => {
      f.rdns = g(m, 1); f.ip = g(m, 2); f.helo = g(m, 1); f.by = g(m, 4);
    }),
    EXIM_PIECEMEAL,
  ],
};

function unknownToEmpty(f: ReceivedFields): void {
  if (f.rdns === 'unknown') f.rdns = '';
}

const POSTFIX: Family = {
  name: 'postfix',
  marker: ' (Postfix) with',
  signature: / \(Postfix\) with/,
  formats: [
    capture('postfix', rx`^(\S+) \((\S+) \[({IP})\]\) by (\S+) `, (m, f) => {
      f.mtaLookedUpDns = true;
      f.helo = g(m, 1); f.rdns = g(m, 2); f.ip = g(m, 3); f.by = g(m, 4);
      unknownToEmpty(f);
    }),
    capture('postfix-nospace', rx`^(\S+) \((\S+)\[({IP})\]\) by (\S+) `, (m, f) => {
      f.mtaLookedUpDns = true;
      f.helo = g(m, 1); f.rdns = g(m, 2); f.ip = g(m, 3); f.by = g(m, 4);
      unknownToEmpty(f);
    }),
  ],
};

const SCALIX: Family = {
  name: 'scalix',
  marker: '(Scalix SMTP Relay',
  signature: /\(Scalix SMTP Relay/,
  formats: [
    capture('scalix', rx`^(\S+) \( ?({IP})\) by (\S+)`, (m, f) => {
      f.helo = g(m, 1); f.ip = g(m, 2); f.by = g(m, 3);
    }),
  ],
};

const LOTUS: Family = {
  name: 'lotus',
  marker: ' (Lotus Domino ',
  signature: / \(Lotus Domino /,
  formats: [
    // Domino never records the rDNS.
    capture('domino', rx`^(\S+) \(\[({IP})\]\) by (\S+) \(Lotus`, (m, f) => {
      f.mtaLookedUpDns = false;
      f.helo = g(m, 1); f.ip = g(m, 2); f.by = g(m, 3);
    }),
  ],
};

const FAMILIES: readonly Family[] = [MS_SMTPSVC, MS_SMTP_SERVER, XMAIL, ECELERITY, EXIM, POSTFIX, SCALIX, LOTUS];

/** Try the formats of the first product family whose signature the line carries. */
export function matchVendorFamily(s: string, f: ReceivedFields): MatchOutcome {
  const family = FAMILIES.find((fam) => s.includes(fam.marker) && fam.signature.test(s));
  if (!family) return undefined;
  for (const format of family.formats) {
    const outcome = format.apply(s, f);
    if (outcome) return outcome;
  }
  return undefined;
}

const SQUIRREL_SIG = / \((?:SquirrelMail|NaSMail) authenticated user /;
const AOL_SIG = /with HTTP \(WebMailUI\)/;
const AOL_WEBMAIL = rx`({IP}) by (\S+) \({IP}\) with HTTP \(WebMailUI\)`;

/** Webmail front ends checked before the product families (each on its own, not exclusive). */
export const WEBMAIL_FORMATS: readonly LineMatcher[] = [
  capture('squirrelmail', rx`({IP})\b(?![.-]).{10,80}by (\S+) with HTTP`, (m, f) => {
    f.ip = g(m, 1); f.by = g(m, 2);
  }, SQUIRREL_SIG),
  {
    name: 'aol-webmail',
    apply(s, f) {
      if (!/aol\.com/.test(s) || !AOL_SIG.test(s)) return undefined;
      const m = AOL_WEBMAIL.exec(s);
      if (!m) return undefined;
      f.ip = g(m, 1); f.by = g(m, 2);
      return 'enough';
    },
  },
];
