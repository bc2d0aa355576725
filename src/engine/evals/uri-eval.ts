/**
 * URIEval and HTTPSMismatch: links whose visible text claims https (or a
 * different https host) while the target is plain http or an IP address,
 * redirectors, and truncated URIs.
 */
import type { ScanContext } from '../scan/context-types.js';
import { ANY, BODY, evalDef, type EvalTable } from './define.js';
import { htmlValue } from './html-eval.js';
import { isDomainValid, trimDomain, uriToDomain } from './util/domains.js';
import { isIpAddress } from './util/ip-patterns.js';
import { perlNum, perlTrue } from './util/perl-values.js';

const MAX_URI_LENGTH = 8192;

function checkForHttpRedirector(ctx: ScanContext): boolean {
  for (const original of ctx.uriList()) {
    let uri = original;
    for (;;) {
      const m = /^https?:\/\/([^/:?]+).+?(https?:\/{0,2}?([^/:?]+).*)$/is.exec(uri);
      if (!m) break;
      uri = m[2] ?? '';
      const redir = uriToDomain(ctx.conf, m[1] ?? '') ?? (m[1] ?? '');
      const dest = uriToDomain(ctx.conf, m[3] ?? '') ?? (m[3] ?? '');
      if (redir !== dest) return true;
    }
  }
  return false;
}

function checkHttpsIpMismatch(ctx: ScanContext): boolean {
  for (const [uri, detail] of ctx.uriDetails()) {
    if (!/^https?:\/*(?:[^@/]+@)?\d+\.\d+\.\d+\.\d+/i.test(uri)) continue;
    for (const text of detail.anchorText) {
      if (/^https:\/*(?:[^@/]+@)?\d+\.\d+\.\d+\.\d+/i.test(text)) continue;
      if (/https:/i.test(text)) return true;
    }
  }
  return false;
}

function checkUriTruncated(ctx: ScanContext): boolean {
  if (ctx.rendered().html.some((h) => perlTrue(htmlValue(h, 'uri_truncated')))) return true;
  for (const [raw, detail] of ctx.uriDetails()) {
    if (raw.length >= MAX_URI_LENGTH || detail.cleaned.some((c) => c.length >= MAX_URI_LENGTH)) return true;
  }
  return false;
}

/** The registrable domain of a link target host, or undefined for IPs and unknown TLDs. */
function targetDomain(ctx: ScanContext, uri: string): string | undefined {
  const m = /^https?:\/\/([^/:?#]+)/i.exec(uri);
  if (!m) return undefined;
  const host = m[1] ?? '';
  if (isIpAddress(host)) return undefined;
  const trimmed = trimDomain(ctx.conf, host);
  return isDomainValid(ctx.conf, uriToDomain(ctx.conf, trimmed)) ? trimmed : undefined;
}

function httpsHost(ctx: ScanContext, text: string): string | undefined {
  const m = /https:\/\/([^\t\n\v\f\r /:?#]+)/i.exec(text);
  if (!m) return undefined;
  const host = m[1] ?? '';
  if (isIpAddress(host)) return host;
  const trimmed = trimDomain(ctx.conf, host);
  return isDomainValid(ctx.conf, trimmed) ? trimmed : undefined;
}

function checkHttpsHttpMismatch(ctx: ScanContext, args: readonly string[]): boolean {
  const minAnchors = perlNum(args[0]) || 1;
  let hit = false;
  let anchors = 0;
  for (const [uri, detail] of ctx.uriDetails()) {
    if (detail.anchorText.length === 0) continue;
    const domain = targetDomain(ctx, uri);
    if (!domain) continue;
    anchors++;
    for (const text of detail.anchorText) {
      const https = httpsHost(ctx, text);
      if (!https || https === domain) continue;
      hit = true;
      break;
    }
  }
  return hit && anchors >= minAnchors && (args[1] === undefined || anchors < perlNum(args[1]));
}

export const uriEvals: EvalTable = {
  check_for_http_redirector: evalDef('URIEval', ANY, checkForHttpRedirector),
  check_https_ip_mismatch: evalDef('URIEval', ANY, checkHttpsIpMismatch),
  check_uri_truncated: evalDef('URIEval', ANY, checkUriTruncated),
  check_https_http_mismatch: evalDef('HTTPSMismatch', BODY, checkHttpsHttpMismatch),
};
