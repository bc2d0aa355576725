/**
 * The lines spamd 4.0.1 logs for each scanned message, which log readers
 * (logwatch, mailgraph, sa-stats) parse:
 *
 *   spamd: checking message <id> for user:uid          (processing, for PROCESS)
 *   spamd: clean message (-0.1/5.0) for user:uid in 0.2 seconds, 1234 bytes.
 *   spamd: result: .  0 - TESTS scantime=0.2,size=1234,user=…,uid=…,required_score=5.0,rhost=…,raddr=…,rport=…,mid=<id>,autolearn=…
 */
import type { Verdict } from '../engine/api-types.js';
import type { LoggedMessageIds } from './message-ids.js';

export interface ScanLogContext {
  user: string;
  /** The effective user id the scan ran as (spamd's `$>`). */
  uid: number;
  ids: LoggedMessageIds;
}

export function checkingLine(command: string, c: ScanLogContext): string {
  const aka = c.ids.rmsgid ? ` aka ${c.ids.rmsgid}` : '';
  return `spamd: ${command === 'PROCESS' ? 'processing' : 'checking'} message ${c.ids.msgid ?? '(unknown)'}${aka} for ${c.user}:${c.uid}`;
}

export function verdictLine(v: Verdict, c: ScanLogContext, seconds: string, bytes: number): string {
  const what = v.isSpam ? 'identified spam' : 'clean message';
  return `spamd: ${what} (${v.scoreText}/${v.requiredText}) for ${c.user}:${c.uid} in ${seconds} seconds, ${bytes} bytes.`;
}

export interface LoggedPeer {
  host: string;
  address: string;
  port: number | string;
}

export function resultLine(v: Verdict, c: ScanLogContext, seconds: string, bytes: number, peer: LoggedPeer): string {
  const extra = [
    `scantime=${seconds}`, `size=${bytes}`, `user=${c.user}`, `uid=${c.uid}`, `required_score=${v.requiredText}`,
    `rhost=${peer.host}`, `raddr=${peer.address}`, `rport=${peer.port}`, `mid=${safe(c.ids.msgid ?? '(unknown)')}`,
  ];
  if (c.ids.rmsgid) extra.push(`rmid=${safe(c.ids.rmsgid)}`);
  if (v.bayesScore !== undefined) extra.push(`bayes=${v.bayesScore.toFixed(6)}`);
  extra.push(`autolearn=${v.autolearnStatus}`, ...v.resultLogItems);
  // sprintf("%s %2d - %s %s"): the score truncated and padded to two columns, the tests sorted.
  const score = String(Math.trunc(v.score)).padStart(2, ' ');
  const tests = v.testNames.filter((t) => t.length > 0).sort().join(',');
  return `spamd: result: ${v.isSpam ? 'Y' : '.'} ${score} - ${tests} ${extra.join(',')}`;
}

/** White space, controls and commas as `_`, so the id stays one field. */
function safe(id: string): string {
  return id.replace(/[\x00-\x20\s,]/g, '_');
}
