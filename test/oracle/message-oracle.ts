/**
 * Message-model oracle: compares parseMessage / HeaderAccessor / renderBody
 * with SpamAssassin 4.0.1's own values in the shared vectors (headers, body
 * and edge files) and prints per-field agreement. Run by hand:
 *   node dist-NAME/test/oracle/message-oracle.js [--show FIELD] [--limit N]
 * SPAMWARD_SHARED points at the shared folder (default ../shared).
 */
import { createHash } from 'node:crypto';
import { parseMessage } from '../../src/engine/message/parse.js';
import { HeaderAccessor } from '../../src/engine/message/header-access.js';
import { renderBody, leafParts } from '../../src/engine/message/body-text.js';
import type { MimePart, ParsedMessage } from '../../src/engine/message/types.js';
import {
  messageBytes, octets, readJsonLines, registryFromInstalledRules, type RegistrySets, type VecString,
} from './message-vectors.js';

interface RelayVec {
  id: string;
  trusted: VecString; untrusted: VecString; internal: VecString; external: VecString;
  envelope_from: VecString | null;
  last_trusted_relay_index: number;
  last_internal_relay_index: number;
  crlf: boolean;
}
interface HeaderVec {
  id: string;
  get: Record<string, VecString[]>;
  header_order: VecString[];
  mbox_sep: VecString | null;
  missing_head_body_separator: unknown;
  truncated_header: unknown;
}
interface MimeVec { [k: string]: unknown; parts?: MimeVec[] }
interface BodyVec { id: string; body: VecString[]; rawbody: VecString[]; visible: VecString[]; invisible: VecString[]; mime: MimeVec }
interface EdgeVec { id: string; relays: RelayVec; headers: HeaderVec; body: BodyVec }

const args = process.argv.slice(2);
const show = args.includes('--show') ? args[args.indexOf('--show') + 1] : undefined;
const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : 3;

class Tally {
  readonly ok = new Map<string, number>();
  readonly total = new Map<string, number>();
  private shown = new Map<string, number>();
  add(field: string, equal: boolean, id: string, mine: unknown, theirs: unknown): void {
    this.total.set(field, (this.total.get(field) ?? 0) + 1);
    if (equal) this.ok.set(field, (this.ok.get(field) ?? 0) + 1);
    else if (show !== undefined && (field === show || show === 'all') && (this.shown.get(field) ?? 0) < limit) {
      this.shown.set(field, (this.shown.get(field) ?? 0) + 1);
      console.log(`--- ${field} ${id}\n  mine:   ${JSON.stringify(mine)?.slice(0, 1500)}\n  theirs: ${JSON.stringify(theirs)?.slice(0, 1500)}`);
    }
  }
  print(title: string): void {
    console.log(`\n${title}`);
    for (const [field, total] of this.total) {
      const ok = this.ok.get(field) ?? 0;
      console.log(`  ${field.padEnd(28)} ${String(ok).padStart(5)} / ${String(total).padEnd(5)} ${((100 * ok) / total).toFixed(2)}%`);
    }
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const octList = (l: VecString[]): (string | undefined)[] => l.map(octets);

function accessorFor(msg: ParsedMessage, rel: RelayVec | undefined, reg: RegistrySets): HeaderAccessor {
  const meta = new Map<string, string[]>();
  if (rel) {
    for (const k of ['trusted', 'untrusted', 'internal', 'external'] as const) meta.set(`x-spam-relays-${k}`, [octets(rel[k]) ?? '']);
    const env = octets(rel.envelope_from);
    if (env !== undefined) meta.set('envelopefrom', [env]);
  }
  return new HeaderAccessor(msg, {
    metadata: (n) => meta.get(n),
    lastTrustedRelayIndex: rel?.last_trusted_relay_index ?? -1,
    lastInternalRelayIndex: rel?.last_internal_relay_index ?? -1,
    conf: reg,
  });
}

function compareHeaders(t: Tally, v: HeaderVec, msg: ParsedMessage, acc: HeaderAccessor): void {
  for (const [name, list] of Object.entries(v.get)) {
    const mine = acc.list(name);
    t.add(name, same(mine, octList(list)), v.id, mine, octList(list));
  }
  const order = msg.headers.map((h) => h.name);
  t.add('header_order', same(order, octList(v.header_order)), v.id, order, octList(v.header_order));
  t.add('mbox_sep', same(msg.mboxSeparator, octets(v.mbox_sep) ?? null), v.id, msg.mboxSeparator, v.mbox_sep);
  const miss = Boolean(v.missing_head_body_separator);
  t.add('missing_head_body_sep', msg.flags.missingHeadBodySeparator === miss, v.id, msg.flags.missingHeadBodySeparator, miss);
  const trunc = Boolean(v.truncated_header);
  const myTrunc = msg.flags.truncatedHeader || acc.allTruncated();
  t.add('truncated_header', myTrunc === trunc, v.id, myTrunc, trunc);
}

function mimeTree(part: MimePart, rendered: boolean): MimeVec {
  if (!part.isLeaf) {
    const inner: MimeVec = { type: part.type, parts: part.children.map((c) => mimeTree(c, rendered)) };
    if (part.cte !== '') inner.cte = part.cte;
    if ((part as { hasCharset?: boolean }).hasCharset) inner.charset = part.charset;
    if (part.name !== undefined) inner.name = part.name;
    return inner;
  }
  const node: MimeVec = { type: part.type };
  if (part.charset !== '') node.charset = part.charset;
  if (part.cte !== '') node.cte = part.cte;
  if (part.name !== undefined) node.name = part.name;
  node.effective_type = part.effectiveType;
  if (part.effectiveType === 'text/plain' || part.effectiveType === 'text/html') node.rendered_type = part.effectiveType;
  const d = part.decoded();
  node.decoded_len = d.length;
  node.decoded_sha1 = createHash('sha1').update(d).digest('hex');
  return node;
}

/** Vector MIME tree with strings as octets and keys sorted, for comparison. */
function normMime(v: MimeVec): MimeVec {
  const out: MimeVec = {};
  for (const k of Object.keys(v).sort()) {
    const val = v[k];
    if (k === 'parts') out.parts = (val as MimeVec[]).map(normMime);
    else if (typeof val === 'string' || (val && typeof val === 'object')) out[k] = octets(val as VecString);
    else out[k] = val;
  }
  return out;
}

function hasHtml(v: MimeVec): boolean {
  if (v.effective_type === 'text/html') return true;
  return (v.parts ?? []).some(hasHtml);
}

function compareBody(t: Tally, v: BodyVec, msg: ParsedMessage, acc: HeaderAccessor): void {
  const r = renderBody(msg, { normalizeCharset: true, bodyPartScanSize: 50000, rawbodyPartScanSize: 500000, subject: acc.lastDecoded('Subject') ?? '\n' });
  const html = hasHtml(v.mime) ? ' (html)' : ' (no html)';
  t.add('body' + html, same(r.body, octList(v.body)), v.id, r.body, octList(v.body));
  t.add('visible' + html, same(r.visible, octList(v.visible)), v.id, r.visible, octList(v.visible));
  t.add('invisible' + html, same(r.invisible, octList(v.invisible)), v.id, r.invisible, octList(v.invisible));
  t.add('rawbody', same(r.rawbody, octList(v.rawbody)), v.id, r.rawbody, octList(v.rawbody));
  const mine = normMime(mimeTree(msg.root, true));
  const theirs = normMime(v.mime);
  t.add('mime', same(mine, theirs), v.id, mine, theirs);
  void leafParts;
}

function main(): void {
  const reg = registryFromInstalledRules();
  const relays = new Map(readJsonLines<RelayVec>('relays.jsonl.gz').map((r) => [r.id, r]));
  const ht = new Tally();
  let ms = 0;
  const headerVecs = readJsonLines<HeaderVec>('headers.jsonl.gz');
  for (const v of headerVecs) {
    const raw = messageBytes(v.id);
    const t0 = process.hrtime.bigint();
    const msg = parseMessage(raw);
    const acc = accessorFor(msg, relays.get(v.id), reg);
    for (const name of Object.keys(v.get)) acc.list(name);
    ms += Number(process.hrtime.bigint() - t0) / 1e6;
    ht.add('crlf', msg.crlf === relays.get(v.id)?.crlf, v.id, msg.crlf, relays.get(v.id)?.crlf);
    compareHeaders(ht, v, msg, acc);
  }
  ht.print(`headers.jsonl.gz (${headerVecs.length} messages; parse + 47 gets: ${(ms / headerVecs.length).toFixed(3)} ms/msg)`);
  const bt = new Tally();
  for (const v of readJsonLines<BodyVec>('body.jsonl.gz')) {
    const msg = parseMessage(messageBytes(v.id));
    compareBody(bt, v, msg, accessorFor(msg, relays.get(v.id), reg));
  }
  bt.print('body.jsonl.gz');
  const et = new Tally();
  for (const v of readJsonLines<EdgeVec>('edge.jsonl.gz')) {
    const msg = parseMessage(messageBytes(v.id));
    const acc = accessorFor(msg, v.relays, reg);
    compareHeaders(et, v.headers, msg, acc);
    compareBody(et, v.body, msg, acc);
  }
  et.print('edge.jsonl.gz (16 fixtures)');
}

main();
