/**
 * Header modifications sent at end of message.
 *
 * Index rules (Postfix and Sendmail agree): SMFIR_CHGHEADER's index counts
 * occurrences of one field name, case-insensitively, from 1, among the
 * headers the milter was shown; an empty value deletes that occurrence.
 * Deleting from the last occurrence to the first keeps every index valid
 * whether or not the MTA renumbers after a delete.
 */
import type { HeaderLine, Verdict } from '../src/engine/api-types.js';
import type { MilterReply } from '../src/protocol/milter/replies.js';

export interface SeenHeader {
  name: string;
  /** Value as written after the colon (needed for X-Spam-Prev-*). */
  raw?: string;
}

/** Field-name prefixes a sender must not be able to forge. */
export const VERDICT_HEADER_PREFIXES = ['x-spam-', 'x-spamward-'];

/**
 * X-Spam-Prev-* only records an earlier value and is not a verdict;
 * SpamAssassin keeps such fields too, so milter and spamd output agree.
 */
export function isVerdictHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return VERDICT_HEADER_PREFIXES.some((p) => lower.startsWith(p)) && !lower.startsWith('x-spam-prev-');
}

/** CHGHEADER deletions for every X-Spam-* (and X-Spamward-*) field the message arrived with. */
export function forgedHeaderRemovals(seen: readonly SeenHeader[]): MilterReply[] {
  const counts = new Map<string, { name: string; count: number }>();
  for (const h of seen) {
    if (!isVerdictHeader(h.name)) continue;
    const key = h.name.toLowerCase();
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { name: h.name, count: 1 });
  }
  const out: MilterReply[] = [];
  for (const { name, count } of counts.values()) {
    for (let index = count; index >= 1; index--) out.push({ kind: 'chgheader', index, name, value: '' });
  }
  return out;
}

/**
 * Header values go out as written after `Name:`. With SMFIP_HDR_LEADSPC the
 * MTA inserts nothing, so the usual single space is ours to send; without it
 * the MTA adds the space itself.
 */
export function outgoingValue(value: string, leadspc: boolean): string {
  const v = value.replace(/\r\n/g, '\n');
  return leadspc ? ` ${v}` : v;
}

/**
 * Subject/From/To rewrites: change the first occurrence in place, or append
 * when the message had none; as SpamAssassin does, the old value is kept in
 * X-Spam-Prev-<Name> (`(nonexistent)` when there was none). A wrapped spam
 * (report_safe) keeps no X-Spam-Prev-*: SpamAssassin's wrapper has none, the
 * original travels attached.
 */
export function rewriteEdits(seen: readonly SeenHeader[], rewrites: readonly HeaderLine[], leadspc: boolean, wrapped = false): MilterReply[] {
  return rewrites.flatMap((r): MilterReply[] => {
    const value = outgoingValue(r.value, leadspc);
    const first = seen.find((h) => h.name.toLowerCase() === r.name.toLowerCase());
    if (isVerdictHeader(r.name)) return [{ kind: 'addheader', name: r.name, value }];
    const prevName = `X-Spam-Prev-${r.name}`;
    if (first === undefined) {
      const added: MilterReply = { kind: 'addheader', name: r.name, value };
      return wrapped ? [added] : [added, { kind: 'addheader', name: prevName, value: outgoingValue('(nonexistent)', leadspc) }];
    }
    const changed: MilterReply = { kind: 'chgheader', index: 1, name: r.name, value };
    if (wrapped) return [changed];
    // The old value goes back exactly as written after the colon.
    const old = (first.raw ?? '').replace(/\r\n/g, '\n');
    return [changed, { kind: 'addheader', name: prevName, value: leadspc ? old : old.replace(/^ /, '') }];
  });
}

/** All header edits for a scanned message: remove forged verdict headers, rewrite, then add ours (`wrapped`: report_safe applies). */
export function verdictHeaderEdits(seen: readonly SeenHeader[], verdict: Verdict, leadspc: boolean, wrapped = false): MilterReply[] {
  return [
    ...forgedHeaderRemovals(seen),
    ...rewriteEdits(seen, verdict.headerRewrites, leadspc, wrapped),
    ...verdict.addedHeaders.map((h): MilterReply => ({ kind: 'addheader', name: h.name, value: outgoingValue(h.value, leadspc) })),
  ];
}
