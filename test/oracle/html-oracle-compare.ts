/**
 * Comparison side of the HTML/URI oracle: turns the engine's results into
 * the JSON shapes of the vectors (see shared/vectors/README.md) and compares
 * them field by field, floats with a tolerance.
 */
import type { HtmlResults, UriDetail } from '../../src/engine/message/analysis-types.js';
import { utf8Decode } from '../../src/engine/message/uris/idn.js';
import type { JsonOctets, UriDetailVector } from './html-oracle-io.js';

export interface FieldTally {
  equal: number;
  total: number;
  shown: number;
}

/** Octets as the vectors write them: a string when valid UTF-8, else `{latin1}`. */
export function normOctets(s: string): JsonOctets {
  if (!/[\x80-\xff]/.test(s)) return s;
  const u = utf8Decode(s);
  return u !== undefined ? u : { latin1: s };
}

/**
 * URI strings compared loosely: SpamAssassin mixes octet strings (from text)
 * and character strings (from HTML), and the vectors write a character
 * string as `{latin1}` when Perl did not flag it; both stand for the same
 * characters here.
 */
function looseString(o: unknown): string {
  if (typeof o === 'string') return o;
  if (o !== null && typeof o === 'object' && 'latin1' in o) return (o as { latin1: string }).latin1;
  return JSON.stringify(o);
}

function looseUri(s: string): string {
  return looseString(normOctets(s));
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

function sortObject(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Our HTML results in the vector's `html` shape. */
function htmlAsVector(h: HtmlResults): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of h.values) o[k] = v;
  o['inside'] = sortObject(Object.fromEntries(h.inside));
  for (const k of ['comment', 'script', 'title', 'anchor']) o[k] = h.arrays?.get(k) ?? null;
  o['uri'] = [...(h.uri ?? [])].sort();
  const detail: Record<string, unknown> = {};
  for (const [k, v] of h.uriDetail ?? []) {
    const entry: Record<string, unknown> = {};
    if (v.anchorText !== undefined) entry['anchor_text'] = v.anchorText;
    if (v.types.size > 0) entry['types'] = Object.fromEntries([...v.types].sort().map((t) => [t, 1]));
    detail[k] = entry;
  }
  o['uri_detail'] = Object.keys(detail).length > 0 ? sortObject(detail) : null;
  return o;
}

/**
 * SpamAssassin's HTML results are character strings; the vector writer shows
 * one without Perl's UTF-8 flag as `{latin1}`, which is the same characters.
 */
function charString(v: unknown): unknown {
  if (typeof v === "number") return String(v);
  return v !== null && typeof v === "object" && "latin1" in v ? (v as { latin1: string }).latin1 : v;
}

function normaliseSa(sa: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = { ...sa };
  for (const k of ['comment', 'script', 'title', 'anchor', 'uri']) {
    if (Array.isArray(o[k])) o[k] = (o[k] as unknown[]).map(charString);
  }
  if (Array.isArray(o['uri'])) o['uri'] = [...(o['uri'] as string[])].sort();
  if (o['inside'] !== null && typeof o['inside'] === 'object') o['inside'] = sortObject(o['inside'] as Record<string, unknown>);
  if (o['uri_detail'] !== null && typeof o['uri_detail'] === 'object') {
    const d = o['uri_detail'] as Record<string, Record<string, unknown>>;
    const entry = (v: Record<string, unknown>): Record<string, unknown> =>
      Array.isArray(v['anchor_text']) ? { ...v, anchor_text: (v['anchor_text'] as unknown[]).map(charString) } : v;
    o['uri_detail'] = sortObject(Object.fromEntries(Object.entries(d).map(([k, v]) => [k, sortObject(entry(v))])));
  }
  return o;
}

/** Per key: [key, equal, explanation]. Keys absent or empty on both sides are skipped. */
export function compareHtml(ours: HtmlResults | undefined, sa: Record<string, unknown> | null): [string, boolean, string][] {
  const mine = ours === undefined ? {} : htmlAsVector(ours);
  const theirs = sa === null ? {} : normaliseSa(sa);
  const out: [string, boolean, string][] = [];
  out.push(['(present)', (ours !== undefined) === (sa !== null), `ours ${ours !== undefined} SA ${sa !== null}`]);
  const keys = new Set([...Object.keys(mine), ...Object.keys(theirs)]);
  for (const k of keys) {
    const a = mine[k];
    const b = theirs[k];
    if (isEmpty(a) && isEmpty(b)) continue;
    out.push([k, sameValue(a, b), `ours ${JSON.stringify(a)?.slice(0, 3000)}\nSA   ${JSON.stringify(b)?.slice(0, 3000)}`]);
  }
  return out;
}

function detailAsVector(d: UriDetail): Record<string, unknown> {
  const o: Record<string, unknown> = {
    cleaned: d.cleaned.map(looseUri).sort(),
    domains: [...d.domains].sort(),
    hosts: sortObject(Object.fromEntries(d.hosts)),
    types: [...d.types].sort(),
  };
  if (d.anchorText.length > 0) o['anchor_text'] = d.anchorText.map(looseString);
  return o;
}

function vectorDetail(v: UriDetailVector): Record<string, unknown> {
  const o: Record<string, unknown> = {
    cleaned: (v.cleaned ?? []).map(looseString).sort(),
    domains: [...(v.domains ?? [])].sort(),
    hosts: sortObject(v.hosts ?? {}),
    types: [...(v.types ?? [])].sort(),
  };
  if (v.anchor_text !== undefined && v.anchor_text.length > 0) o['anchor_text'] = v.anchor_text.map(looseString);
  return o;
}

/** Whole uri_detail equality, and a description of the first differences. */
/** The cleaned URI lists, loosely compared (see looseString). */
export function compareUriList(ours: readonly string[], sa: readonly JsonOctets[]): [boolean, string] {
  const a = ours.map(looseUri).sort();
  const b = sa.map(looseString).sort();
  return [JSON.stringify(a) === JSON.stringify(b), `ours ${JSON.stringify(a)}\nSA   ${JSON.stringify(b)}`];
}

export function compareUriDetail(ours: ReadonlyMap<string, UriDetail>, sa: Record<string, UriDetailVector>): [boolean, string] {
  const mine = new Map([...ours].map(([k, d]) => [looseUri(k), JSON.stringify(detailAsVector(d))]));
  const theirs = new Map(Object.entries(sa).map(([k, v]) => [k.replace(/^latin1:/, ''), JSON.stringify(vectorDetail(v))]));
  const diffs: string[] = [];
  for (const k of new Set([...mine.keys(), ...theirs.keys()])) {
    if (mine.get(k) !== theirs.get(k)) diffs.push(`${JSON.stringify(k)}\n  ours ${mine.get(k)}\n  SA   ${theirs.get(k)}`);
  }
  return [diffs.length === 0, diffs.slice(0, 6).join('\n')];
}
