/**
 * What a DNSBL hit adds under its report line (Dns.pm `dnsbl_hit`): a TXT
 * answer's text, with http(s) URLs put in angle brackets; for an A answer,
 * the address the query asked about and the zone ("1.2.3.4 listed in
 * zen.example", IPv6 from its nibbles), or "listed in NAME" for a host query.
 */
const URL_IN_TEXT = /(?<![<([])(https?:\/\/[^\t\n\x0B\f\r ]+)/gi;
const IPV6_QUESTION = /^((?:[0-9a-fA-F]\.){32})([^\t\n\x0B\f\r ]+\w)/;
const IPV4_QUESTION = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.([^\t\n\x0B\f\r ]+\w)/;
const HOST_QUESTION = /^([^\t\n\x0B\f\r ]+)(?<!\.)/;

export function dnsblLog(question: string, type: 'A' | 'TXT', answer: string): string {
  if (type === 'TXT') return answer.replace(URL_IN_TEXT, '<$1>');
  const v6 = IPV6_QUESTION.exec(question);
  if (v6) {
    const hex = (v6[1] as string).toLowerCase().split('.').filter((n) => n !== '').reverse().join('');
    const groups = (hex.match(/.{4}/g) ?? []).join(':').replace(/:0{1,3}/g, ':');
    return `${groups} listed in ${(v6[2] as string).toLowerCase()}`;
  }
  const v4 = IPV4_QUESTION.exec(question);
  if (v4) return `${v4[4]}.${v4[3]}.${v4[2]}.${v4[1]} listed in ${(v4[5] as string).toLowerCase()}`;
  const host = HOST_QUESTION.exec(question);
  return host ? `listed in ${(host[1] as string).toLowerCase()}` : '';
}
