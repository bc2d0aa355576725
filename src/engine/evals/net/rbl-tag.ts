/**
 * The `_RBL_` template tag: every answer record a DNSBL query got (listed
 * or not, whatever a rule's subtest says), one line per query, as
 * SpamAssassin's Dns.pm keeps them: `<dns:QNAME> [RDATA, RDATA]`, the query
 * type added as `?type=TXT` when it is not A. A scan without DNSBL answers
 * leaves the tag empty. SpamAssassin lists the queries in Perl hash order,
 * which varies from run to run; here they come in the order answered.
 */

/** Per query URI, its answers' texts (a set: a repeated record is listed once). */
export type RblTagAnswers = Map<string, Set<string>>;

export function noteRblAnswer(seen: RblTagAnswers, qname: string, type: string, text: string): void {
  const uri = `dns:${qname}${type === 'A' ? '' : `?type=${type}`}`;
  let texts = seen.get(uri);
  if (!texts) {
    texts = new Set();
    seen.set(uri, texts);
  }
  texts.add(text);
}

export function rblTagValue(seen: RblTagAnswers): string {
  return [...seen].map(([uri, texts]) => `<${uri}> [${[...texts].join(', ')}]`).join('\n');
}
