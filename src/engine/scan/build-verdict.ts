/**
 * Finished scan → Verdict: score rounding, the report and summary, the
 * X-Spam-* headers from the add_header templates, header rewrites and the
 * rewritten message. The same data serves spamd, the milter and the CLI.
 */
import { autoLearnPoints } from '../bayes/autolearn.js';
import { bayesTokenTag, scanClassification } from '../bayes/classifier.js';
import { hostname } from 'node:os';
import type { HeaderLine, Hit, Verdict } from '../api-types.js';
import type { EngineConfig } from '../config/types.js';
import { reverseIp } from '../message/host-extract.js';
import { idnToAscii } from '../message/uris/idn.js';
import { foldHeaderValue, mimeEncodeHeader } from '../report/header-fold.js';
import { perlNumber } from '../report/perl-format.js';
import { rewriteMessage, rfc2822Date } from '../report/rewrite.js';
import { requiredText, roundScore, scoreText } from '../report/score-text.js';
import { buildSummary, contentPreview } from '../report/summary.js';
import { expandTags, type TagData } from '../report/tags.js';
import { SA_COMPAT_SUBVERSION, SA_COMPAT_VERSION } from '../version.js';
import { autoLearnInput, autolearnStatus } from './autolearn-status.js';
import { LazyReportVerdict, type VerdictFields } from './lazy-report-verdict.js';
import type { ScanState } from './scan-state.js';

export interface VerdictContext {
  remoteHost?: string;
  remoteAddr?: string;
  startedAt: number;
  /** The `_AUTOLEARN_` text (e.g. `ham autolearn_force=no`); undefined reads as `unavailable`. */
  autolearnText?: string;
}


export function buildVerdict(state: ScanState, vc: VerdictContext): Verdict {
  const conf = state.conf;
  const score = roundScore(state.hits.total);
  const isSpam = score >= conf.requiredScore;
  const hits: Hit[] = state.hits.scored.map((h) => {
    const hit: Hit = { name: h.name, score: h.score, area: h.area, description: conf.describe.get(h.name) || 'No description available.' };
    const logs = state.testLogs.get(h.name);
    if (logs) hit.logs = conf.tflags.get(h.name)?.nolog !== undefined ? ['*REDACTED*'] : logs;
    return hit;
  });
  // _SUMMARY_, _REPORT_ and the report text wrap every hit's description; most scans (ham, CHECK, SYMBOLS)
  // never show them, so they are built when a template or a caller first reads them.
  let summary: { summary: string; report: string } | undefined;
  const summaryOnce = () => (summary ??= buildSummary(hits, Number(conf.other.get('report_wrap_width') ?? 75) || 75));
  const subjPrefix = collectSubjPrefix(state);
  if (subjPrefix !== undefined) state.tags.set('SUBJPREFIX', subjPrefix);
  const autolearn = autolearnStatus(conf, vc.autolearnText);
  const tagData = makeTagData(state, score, isSpam, autolearn.text, vc, summaryOnce);
  // The other verdict's header set is wanted only by a template that names it (_ADDEDHEADERHAM_ …).
  let spamLines: HeaderLine[] | undefined;
  let hamLines: HeaderLine[] | undefined;
  // While header lines are being expanded, _ADDEDHEADER*_ reads as empty (a header cannot hold itself).
  let expanding = false;
  const expand = (templates: EngineConfig['headersSpam']): HeaderLine[] => {
    expanding = true;
    try {
      return headerLines(conf, templates, tagData);
    } finally {
      expanding = false;
    }
  };
  const addedSpam = () => (spamLines ??= expand(conf.headersSpam));
  const addedHam = () => (hamLines ??= expand(conf.headersHam));
  // Made apart and then stored: V8 allocates a closure written straight into a property (`o.f = () => …`)
  // in the old generation, where it kept the whole scan alive through young-generation GCs until a full one.
  const addedHeaders: TagData['addedHeaders'] = (which) => {
    if (expanding) return '';
    return renderLines(which === 'spam' || (which === 'current' && isSpam) ? addedSpam() : addedHam());
  };
  tagData.addedHeaders = addedHeaders;
  let report: string | undefined;
  const reportOnce = () => (report ??= expandTags(conf.reportTemplate || '(no report template found)', tagData).replace(/\n*$/, '\n\n'));
  const rewrite = new Map<string, string>();
  for (const [k, v] of conf.rewriteHeader) rewrite.set(k, expandTags(v, tagData));
  const encapsulated = isSpam && conf.reportSafe !== 0;
  let rewritten: { headers: string; body: Buffer } | undefined;
  const rewriteOnce = () => {
    rewritten ??= rewriteMessage({
      msg: state.msg,
      isSpam,
      reportSafe: conf.reportSafe,
      addedSpam: isSpam ? renderLines(addedSpam()) : '',
      addedHam: isSpam ? '' : renderLines(addedHam()),
      rewrite,
      subjPrefix: subjPrefix === undefined ? undefined : expandTags(subjPrefix, tagData),
      report: reportOnce,
      unsafeReport: () => expandTags(conf.unsafeReportTemplate, tagData),
      reportCharset: conf.reportCharset || 'UTF-8',
      copyHeaders: conf.reportSafeCopyHeaders,
      hostname: tagData.hostname,
      version: SA_COMPAT_VERSION,
      description: conf.other.get('encapsulated_content_description') ?? 'original message before SpamAssassin',
      now: state.now,
    });
    return rewritten;
  };
  const testNames = [...new Set(hits.map((h) => h.name))].sort();
  const fields: VerdictFields = {
    score,
    requiredScore: conf.requiredScore,
    isSpam,
    scoreText: scoreText(score, conf.requiredScore, isSpam),
    requiredText: requiredText(conf.requiredScore),
    hits,
    testNames,
    subtestNames: [...new Set(state.hits.subtests)].sort(),
    addedHeaders: isSpam ? addedSpam() : addedHam(),
    headerRewrites: isSpam ? headerRewrites(state, rewrite) : [],
    encapsulated,
    autolearn: autolearn.result,
    autolearnStatus: autolearn.text,
    bayesScore: scanClassification(state)?.probability,
    resultLogItems: state.resultLogItems,
    configProblems: state.configProblems,
    elapsedMs: Date.now() - vc.startedAt,
    rewrittenMessage: () => {
      const r = rewriteOnce();
      return Buffer.concat([Buffer.from(r.headers, 'latin1'), r.body]);
    },
    rewrittenHeaderSection: () => Buffer.from(rewriteOnce().headers, 'latin1'),
  };
  return new LazyReportVerdict(fields, reportOnce);
}

function collectSubjPrefix(state: ScanState): string | undefined {
  if (!state.conf.rewriteHeader.has('Subject')) return undefined;
  let prefix: string | undefined;
  for (const hit of state.hits.scored) {
    const p = state.conf.subjPrefix.get(hit.name);
    if (p === undefined) continue;
    prefix ??= '';
    if (!prefix.includes(p)) prefix += `${p} `;
  }
  return prefix;
}

function headerLines(conf: EngineConfig, templates: EngineConfig['headersSpam'], tags: TagData): HeaderLine[] {
  return templates.map((t) => {
    const folded = foldHeaderValue(t.name, expandTags(t.template, tags, { inHeader: true }), conf.foldHeaders);
    const encoded = mimeEncodeHeader(`${folded}\n`).replace(/\n$/, '');
    return { name: `X-Spam-${t.name}`, value: encoded };
  });
}

function renderLines(lines: HeaderLine[]): string {
  return lines.map((l) => `${l.name}: ${l.value}\n`).join('');
}

/** For the milter: Subject/From/To values after rewrite_header (report_safe 0 semantics). */
function headerRewrites(state: ScanState, rewrite: Map<string, string>): HeaderLine[] {
  const out: HeaderLine[] = [];
  for (const [name, tag] of rewrite) {
    const current = state.msg.headers.find((h) => h.name.toLowerCase() === name.toLowerCase());
    const value = (current?.raw ?? '').replace(/^[ \t]*/, '');
    const oneLine = tag.replace(/\n/g, ' ');
    const next = name === 'Subject' ? (value.startsWith(`${oneLine} `) ? value : `${oneLine} ${value}`) : `${value}\t(${oneLine})`;
    out.push({ name, value: next });
  }
  return out;
}

let cachedHostname: string | undefined;

/**
 * The machine's name for _HOSTNAME_, asked once per process as SpamAssassin
 * does (Util::fq_hostname keeps its first answer): a system call per message
 * cost about 12 us of each scan.
 */
function processHostname(): string {
  return (cachedHostname ??= hostname());
}

function makeTagData(
  state: ScanState,
  score: number,
  isSpam: boolean,
  autolearn: string,
  vc: VerdictContext,
  summary: () => { summary: string; report: string },
): TagData {
  const conf = state.conf;
  return {
    score,
    requiredScore: conf.requiredScore,
    isSpam,
    testNames: state.hits.scored.map((h) => h.name),
    subtestNames: state.hits.subtests,
    scores: (name) => state.hits.scored.find((h) => h.name === name)?.score ?? 0,
    scoreText: (name) => state.hits.scoreTexts?.get(name),
    version: SA_COMPAT_VERSION,
    subversion: SA_COMPAT_SUBVERSION,
    rulesVersion: conf.rulesVersions.join(','),
    hostname: conf.reportHostname || processHostname(),
    remoteHost: vc.remoteHost || 'localhost',
    remoteAddr: vc.remoteAddr || '127.0.0.1',
    contactAddress: conf.reportContact,
    bayesScore: scanClassification(state)?.probability,
    dynamicTag: (name, arg) => bayesTokenTag(state, name, arg),
    autolearn,
    autolearnScore: () => perlNumber(autoLearnPoints({ ...autoLearnInput(state), conf }).points) || '0',
    date: () => rfc2822Date(new Date()),
    preview: () => contentPreview(state.rendered().body),
    header: (spec) => state.header(spec),
    relayIp: (which) => {
      const r = state.relays();
      const relay = which === 'firstTrusted' ? r.trusted[r.trusted.length - 1] : r.external[0];
      return relay ? { ip: relay.ip, rdns: relay.rdns, helo: relay.helo } : undefined;
    },
    relaysStr: (which) => {
      const r = state.relays();
      return { trusted: r.relaysTrustedStr, untrusted: r.relaysUntrustedStr, internal: r.relaysInternalStr, external: r.relaysExternalStr }[which];
    },
    relaysRevIp: (which) => state.relays()[which].flatMap((r) => (r.ipPrivate ? [] : [reverseIp(r.ip) ?? ''])).filter((ip) => ip !== ''),
    senderDomain: () => {
      const host = state.headerList('EnvelopeFrom:first:addr:host')[0];
      return host === undefined ? undefined : idnToAscii(host);
    },
    authorDomains: () => [...new Set(state.headerList('From:addr:host'))].map(idnToAscii),
    extra: (name) => (name === 'SUMMARY' ? summary().summary : name === 'REPORT' ? summary().report : state.tags.get(name)),
    addedHeaders: () => '',
  };
}
