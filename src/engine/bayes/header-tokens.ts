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

type Chewer = (name: string, val: string) => string | undefined;

// Order matters: the first chewer that claims a header wins, as in SpamAssassin's elsif chain.
const CHEWERS: readonly Chewer[] = [
  (n, v) => (/^(?:|X-|Resent-)Message-Id$/i.test(n) ? chewMessageId(v) : undefined),
  (n, v) => (/^(?:|X-|Resent-)(?:Return-Path|From|To|Cc|Reply-To|Errors-To|Mail-Followup-To|Sender)$/i.test(n) ? chewAddressHeader(v) : undefined),
  (n, v) => (n === 'Received' ? chewReceived(v) : undefined),
  (n, v) => (n === 'Content-Type' ? chewContentType(v) : undefined),
  (n, v) => (n === 'MIME-Version' ? v.replace('1.0', '') : undefined),
  (n) => (PRESENCE_ONLY.test(n) ? '1' : undefined),
  (n, v) => (/^x-spam-relays-(?:external|internal|trusted|untrusted)$/.test(n) ? v.replace(/ [a-z]+=/g, ' ') : undefined),
];

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
    val = chew(name, val);
    for (const [re, key] of AGGREGATES) if (re.test(name)) append(key, val);
    append(NAME_COMPRESSION.get(name) ?? name, val);
  }
  return parsed;
}

function chew(name: string, val: string): string {
  for (const c of CHEWERS) {
    const out = c(name, val);
    if (out !== undefined) return out;
  }
  return val;
}
