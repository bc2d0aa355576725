/**
 * Which header texts Bayes tokenizes, under which names (Bayes
 * `_tokenize_headers`): every decoded header except noisy ones, the relay
 * metadata pseudo-headers, and the two oldest Received headers.
 */
import type { RelayAnalysis } from '../message/analysis-types.js';
import type { ParsedMessage } from '../message/types.js';
import { chewAddressHeader, chewContentType, chewMessageId, chewReceived } from './header-prechew.js';

const IGNORED_HEADERS = new RegExp(
  '^(?:(?:X-)?Sender|Delivered-To|Delivery-Date|(?:X-)?Envelope-To|X-MIME-Auto[Cc]onverted|X-Converted-To-Plain-Text' +
    '|Subject|Date|X-List|(?:X-)?Mailing-List' +
    '|(?:X-)?List-(?:Archive|Help|Id|Owner|Post|Subscribe|Unsubscribe|Host|Id|Manager|Admin|Comment|Name|Url)' +
    '|X-Unsub(?:scribe)?|X-Mailman-Version|X-Been[Tt]here|X-Loop|Mail-Followup-To|X-eGroups-(?:Return|From)' +
    '|X-MDMailing-List|X-XEmacs-List|X-Sympa-To|(?:X-)?Resent-(?:From|To|Date)|(?:X-)?Original-(?:From|To|Date)' +
    '|X-MailScanner(?:-SpamCheck)?|X-Spam(?:-(?:Status|Level|Flag|Report|Hits|Score|Checker-Version))?' +
    '|X-Antispam|X-RBL-Warning|X-Mailscanner|X-MDaemon-Deliver-To|X-Virus-Scanned|X-Mass-Check-Id' +
    '|X-Pyzor|X-DCC-[^\\t\\n\\x0B\\f\\r ]{2,25}-Metrics|X-Filtered-B[Yy]|X-Scanned-By|X-Scanner' +
    '|X-AP-Spam-(?:Score|Status)|X-RIPE-Spam-Status|X-SpamCop-[^:]+|X-SMTPD|(?:X-)?Spam-Apparently-To' +
    '|SPAM|X-Perlmx-Spam|X-Bogosity|Content-Class|Thread-(?:Index|Topic)|X-Original[Aa]rrival[Tt]ime' +
    '|(?:X-)?Status|X-Flags|X-Keywords|Replied|Forwarded|Lines|Content-Length|X-UIDL?|X-IMAPbase' +
    '|X-Bugzilla-[^:]+|X-VM-(?:Bookmark|(?:POP|IMAP)-Retrieved|Labels|Last-Modified|Summary-Format|VHeader|v\\d-Data|Message-Order)' +
    '|X-Gnus-Mail-Source|Xref):',
  'i',
);

const PRESENCE_ONLY = /^(?:X-Face|X-(?:Gnu-?PG|PGP|GPG)(?:-Key)?-Fingerprint|D(?:KIM|omainKey)-Signature|X-Google-DKIM-Signature|ARC-(?:Message-Signature|Seal)|Autocrypt)$/i;

const NAME_COMPRESSION: ReadonlyMap<string, string> = new Map(Object.entries({
  'Message-Id': '*m', 'Message-ID': '*M', Received: '*r', 'User-Agent': '*u', References: '*f',
  'In-Reply-To': '*i', From: '*F', 'Reply-To': '*R', 'Return-Path': '*p', 'Return-path': '*rp',
  'X-Mailer': '*x', 'X-Authentication-Warning': '*a', Organization: '*o', Organisation: '*o',
  'Content-Type': '*ct', 'Content-Disposition': '*cd', 'Content-Transfer-Encoding': '*ce',
  'x-spam-relays-trusted': '*RT', 'x-spam-relays-untrusted': '*RU',
}));

const AGGREGATES: readonly [RegExp, string][] = [
  [/^(?:In-Reply-To|References|Message-ID)$/i, '*MI'],
  [/^(?:From|To|Cc)$/i, '*Ad'],
  [/^(?:X-Mailer|User-Agent)$/i, '*UA'],
];

interface Chewer {
  applies(name: string): boolean;
  chew(val: string): string;
}

// Order matters: the first chewer that claims a header wins, as in SpamAssassin's elsif chain.
const CHEWERS: readonly Chewer[] = [
  { applies: (n) => /^(?:|X-|Resent-)Message-Id$/i.test(n), chew: chewMessageId },
  { applies: (n) => /^(?:|X-|Resent-)(?:Return-Path|From|To|Cc|Reply-To|Errors-To|Mail-Followup-To|Sender)$/i.test(n), chew: chewAddressHeader },
  { applies: (n) => n === 'Received', chew: chewReceived },
  { applies: (n) => n === 'Content-Type', chew: chewContentType },
  { applies: (n) => n === 'MIME-Version', chew: (v) => v.replace('1.0', '') },
  { applies: (n) => PRESENCE_ONLY.test(n), chew: () => '1' },
  { applies: (n) => /^x-spam-relays-(?:external|internal|trusted|untrusted)$/.test(n), chew: (v) => v.replace(/ [a-z]+=/g, ' ') },
];

/** What a header name decides: its chewer, the aggregate it also feeds, the name its tokens carry. */
interface NameRule {
  chewer: Chewer | undefined;
  aggregate: string | undefined;
  tokenName: string;
}

/** Rules per header name, kept across messages: a handful of names recur in every message. */
const NAME_RULES = new Map<string, NameRule>();
const NAME_RULES_MAX = 4096;

function nameRule(name: string): NameRule {
  let rule = NAME_RULES.get(name);
  if (rule === undefined) {
    rule = {
      chewer: CHEWERS.find((c) => c.applies(name)),
      aggregate: AGGREGATES.find(([re]) => re.test(name))?.[1],
      tokenName: NAME_COMPRESSION.get(name) ?? name,
    };
    if (NAME_RULES.size >= NAME_RULES_MAX) NAME_RULES.clear();
    NAME_RULES.set(name, rule);
  }
  return rule;
}

/** Header lines as `get_all_headers` gives them: `Name: decoded value\n`, in message order. */
export function decodedHeaderLines(msg: ParsedMessage): string[] {
  const used = new Map<string, number>();
  const lines: string[] = [];
  for (const field of msg.headers) {
    const lc = field.name.toLowerCase();
    const i = used.get(lc) ?? 0;
    used.set(lc, i + 1);
    const value = msg.root.header(lc)[i];
    if (value !== undefined) lines.push(`${field.name}: ${value}\n`);
  }
  return lines;
}

/** The metadata pseudo-headers, sorted by key as `get_all_metadata` returns them. */
export function relayMetadataLines(relays: RelayAnalysis, extra: ReadonlyMap<string, string> = new Map()): string[] {
  const meta = new Map<string, string>([
    ['x-spam-relays-external', relays.relaysExternalStr],
    ['x-spam-relays-internal', relays.relaysInternalStr],
    ['x-spam-relays-trusted', relays.relaysTrustedStr],
    ['x-spam-relays-untrusted', relays.relaysUntrustedStr],
  ]);
  for (const [k, v] of extra) meta.set(k.toLowerCase(), v);
  return [...meta.keys()].sort().map((k) => `${k}: ${meta.get(k) ?? ''}\n`);
}

/** Name (possibly compressed or aggregate) → the value text to tokenize. */
export function headerTexts(headerLines: readonly string[], metadataLines: readonly string[], ignore: ReadonlySet<string>): Map<string, string> {
  const received: string[] = [];
  const lines: string[] = [];
  for (const line of headerLines) {
    if (/^Received:/i.test(line)) received.push(line);
    else if (!IGNORED_HEADERS.test(line)) lines.push(line);
  }
  lines.push(...metadataLines);
  const last = received[received.length - 1];
  const beforeLast = received[received.length - 2];
  if (last !== undefined) lines.push(last);
  if (beforeLast !== undefined) lines.push(beforeLast);

  const parsed = new Map<string, string>();
  const append = (k: string, v: string): void => {
    const prev = parsed.get(k);
    parsed.set(k, prev === undefined ? v : `${prev} ${v}`);
  };
  for (const line of lines) {
    if (!/[^\t\n\x0B\f\r ]/.test(line)) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    if (ignore.has(name.toLowerCase())) continue;
    let val = colon < 0 ? '' : line.slice(colon + 1);
    if (val.endsWith('\n')) val = val.slice(0, -1);
    const rule = nameRule(name);
    if (rule.chewer !== undefined) val = rule.chewer.chew(val);
    if (rule.aggregate !== undefined) append(rule.aggregate, val);
    append(rule.tokenName, val);
  }
  return parsed;
}
