/**
 * Dns.pm's check_subtest: a DNSBL answer matches a subtest that is a
 * regex (anything but a number or a dotted quad), a bitmask (a number: the
 * answer must be 127/8 and share a bit), or an exact dotted quad.
 */
import { compilePerlRegex } from '../../regex/translate.js';

export type Subtest = { kind: 'regex'; re: RegExp } | { kind: 'mask'; mask: number } | { kind: 'equal'; value: string };

const compiled = new Map<string, Subtest | undefined>();

/** Undefined when the subtest is a regex that does not compile (SpamAssassin warns and skips the rule). */
export function parseSubtest(text: string): Subtest | undefined {
  if (compiled.has(text)) return compiled.get(text);
  let s: Subtest | undefined;
  if (/^\d+$/.test(text)) s = { kind: 'mask', mask: Number(text) };
  else if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) s = { kind: 'equal', value: text };
  else {
    try {
      s = { kind: 'regex', re: compilePerlRegex(text, '') };
    } catch {
      s = undefined;
    }
  }
  compiled.set(text, s);
  return s;
}

export function ipv4Number(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + (Number(o) & 255), 0);
}

export function subtestMatches(subtest: Subtest, answer: string): boolean {
  switch (subtest.kind) {
    case 'regex':
      return subtest.re.test(answer);
    case 'mask':
      return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(answer) && (ipv4Number(answer) & subtest.mask) !== 0;
    case 'equal':
      return subtest.value === answer;
  }
}

/** An answer record as the text DNSBL subtests see: an A address, or a TXT record's strings joined. */
export function answerText(record: unknown): string {
  return Array.isArray(record) ? record.join('') : String(record);
}
