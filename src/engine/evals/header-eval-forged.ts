/**
 * HeaderEval's "forged webmail Received headers" family: a From address at
 * a big webmail provider whose Received chain does not show that
 * provider's own hops.
 */
import type { ScanContext } from '../scan/context-types.js';
import { headerOrUndef } from './util/headers.js';
import { containsIpAddress, IP_ADDRESS_SRC } from './util/ip-patterns.js';
import { memo } from './util/memo.js';

const IP = IP_ADDRESS_SRC;

function squeezed(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** The Received headers with whitespace runs squeezed, once per message (several checks read them). */
function squeezedReceived(ctx: ScanContext): string {
  return memo(ctx, 'received_squeezed', () => squeezed(ctx.header('Received')));
}

/** An ezmlm list or an MSN group that strips Received headers, or no Received at all. */
export function gatedThroughReceivedHdrRemover(ctx: ScanContext): boolean {
  const list = headerOrUndef(ctx, 'Mailing-List');
  if (list !== undefined && /^contact \S+@\S+; run by ezmlm$/m.test(list)) {
    if (/^mailing list \S+@\S+/m.test(ctx.header('Delivered-To')) &&
      /qmail \d+ invoked (?:from network|by .{3,20})\); \d+ ... \d+/.test(ctx.header('Received'))) return true;
  }
  const rcvd = headerOrUndef(ctx, 'Received');
  if (rcvd === undefined) return true;
  return /from groups\.msn\.com \(\S+\.msn\.com /.test(rcvd);
}

export function checkForMsnGroupsHeaders(ctx: ScanContext): boolean {
  const to = /<(\S+)@groups\.msn\.com>/i.exec(ctx.header('To'));
  if (!to) return false;
  const listname = to[1] ?? '';
  const server = /from mail pickup service by ((?:p\d\d\.)groups\.msn\.com)\b/.exec(ctx.header('Received'));
  if (!server) return false;
  const mid = ctx.header('Message-Id');
  if (/^notifications$/.test(listname)) return safeTest(`^<\\S+@${server[1] ?? ''}>`, mid);
  return safeTest(`^<${listname}-\\S+@groups\\.msn\\.com>`, mid) &&
    safeTest(`${listname}-bounce@groups\\.msn\\.com`, ctx.header('EnvelopeFrom:addr'));
}

/** The list name is interpolated unquoted in SpamAssassin; a name that is not a valid pattern just fails. */
function safeTest(source: string, text: string): boolean {
  try {
    return new RegExp(source).test(text);
  } catch {
    return false;
  }
}

const HOTMAIL_OK: { re: RegExp; needs: 'ip' | 'orig' }[] = [
  { re: /from (?:\S*\.)?hotmail.com \(\S+\.hotmail(?:\.msn)?\.com[ )]/, needs: 'ip' },
  { re: /from \S*\.outbound\.protection\.outlook\.com \(\S+\.outbound\.protection\.outlook\.com[ )]/, needs: 'orig' },
  { re: new RegExp(`from \\S*\\.(?:eur|nam)prd\\d+\\.prod\\.outlook\\.com \\(${IP}\\)`), needs: 'orig' },
  { re: new RegExp(`from \\S*\\.hotmail.com \\(\\[${IP}\\][ ):]`), needs: 'ip' },
  { re: /from \S+ by \S+\.hotmail(?:\.msn)?\.com with HTTP;/, needs: 'ip' },
  { re: /from \[66\.218.\S+\] by \S+\.yahoo\.com/, needs: 'ip' },
];

interface HotmailResult { forged: boolean; missing: boolean }

function hotmailCheck(ctx: ScanContext): HotmailResult {
  return memo(ctx, 'hotmail_received', () => {
    const none = { forged: false, missing: false };
    const rcvd = squeezedReceived(ctx);
    if (/from mail pickup service by hotmail\.com with Microsoft SMTPSVC;/.test(rcvd)) return none;
    if (checkForMsnGroupsHeaders(ctx)) return none;
    const ipHdr = headerOrUndef(ctx, 'X-Originating-Ip');
    const origHdr = headerOrUndef(ctx, 'X-OriginatorOrg');
    const have = {
      ip: ipHdr !== undefined && containsIpAddress(ipHdr),
      orig: origHdr !== undefined && /hotmail\.com|msonline-outlook/.test(origHdr),
    };
    if (gatedThroughReceivedHdrRemover(ctx)) return none;
    if (HOTMAIL_OK.some((ok) => have[ok.needs] && ok.re.test(rcvd))) return none;
    // Perl looks for the fixed `hotmail.com` before matching; V8 would scan every `\S*` run from every `helo=` in it (0.8 s on 60 hostile lines).
    if (rcvd.includes('hotmail.com') && /(?:from |HELO |helo=)\S*hotmail\.com\b/.test(rcvd)) return { forged: true, missing: false };
    if (!/\bhotmail\.com$/i.test(ctx.header('From:addr'))) return none;
    return { forged: false, missing: true };
  });
}

export const checkForForgedHotmailReceivedHeaders = (ctx: ScanContext): boolean => hotmailCheck(ctx).forged;
export const checkForNoHotmailReceivedHeaders = (ctx: ScanContext): boolean => hotmailCheck(ctx).missing;

export function checkForForgedEudoramailReceivedHeaders(ctx: ScanContext): boolean {
  if (!/\beudoramail\.com$/i.test(ctx.header('From:addr'))) return false;
  const rcvd = squeezedReceived(ctx);
  const ipHdr = headerOrUndef(ctx, 'X-Sender-Ip');
  const ip = ipHdr !== undefined && containsIpAddress(ipHdr);
  if (gatedThroughReceivedHdrRemover(ctx)) return false;
  return !(/by \S*whowhere.com;/.test(rcvd) && ip);
}

const YAHOO_OK = [
  /by web\S+\.mail\S*\.yahoo\.com via HTTP/,
  /by sonic\S+\.consmr\.mail\S*\.yahoo\.com with HTTP/,
  /by smtp\S+\.yahoo\.com with SMTP/,
  new RegExp(`from \\[${IP}\\] by \\S+\\.(?:groups|scd|dcn)\\.yahoo\\.com with NNFMP`),
  /by \w+\.\w+\.yahoo\.com \(\d+\.\d+\.\d+\/\d+\.\d+\.\d+\)(?: with ESMTP)? id \w+/,
];

export function checkForForgedYahooReceivedHeaders(ctx: ScanContext): boolean {
  const from = ctx.header('From:addr');
  if (!/\byahoo\.com$/i.test(from)) return false;
  let rcvd = ctx.header('Received');
  if (ctx.header('Resent-From') !== '' && ctx.header('Resent-To') !== '') {
    const xrcvd = ctx.header('X-Received');
    if (xrcvd !== '') rcvd = xrcvd;
  }
  rcvd = squeezed(rcvd);
  if (gatedThroughReceivedHdrRemover(ctx)) return false;
  const relays = ctx.relays();
  if (/ rdns=\S+\.yahoo\.com /.test(relays.relaysTrustedStr) ||
    /^[^\]]+ rdns=\S+\.yahoo\.com /.test(relays.relaysUntrustedStr)) return false;
  if (YAHOO_OK.some((re) => re.test(rcvd))) return false;
  if (/\bmailer\d+\.bulk\.scd\.yahoo\.com\b/.test(rcvd) && /@reply\.yahoo\.com$/i.test(from)) return false;
  return true;
}

export function checkForForgedJunoReceivedHeaders(ctx: ScanContext): boolean {
  if (!/\bjuno\.com$/i.test(ctx.header('From:addr'))) return false;
  if (gatedThroughReceivedHdrRemover(ctx)) return false;
  const xorig = ctx.header('X-Originating-IP');
  const xmailer = ctx.header('X-Mailer');
  const rcvd = ctx.header('Received');
  if (xorig !== '') {
    if (!new RegExp(`from.*\\b(?:juno|untd)\\.com.*[\\[(]${IP}[\\])].*by`).test(rcvd) &&
      !/ cookie\.(?:juno|untd)\.com /.test(rcvd)) return true;
    return !xmailer.includes('Juno ');
  }
  if (new RegExp(`from.*\\bmail\\.com.*\\[${IP}\\].*by`).test(rcvd)) {
    if (!/\bmail\.com/.test(xmailer)) return true;
  } else if (new RegExp(`from (webmail\\S+\\.untd\\.com) \\(\\1 \\[${IP}\\]\\) by`).test(rcvd)) {
    if (!/^Webmail Version \d/.test(xmailer)) return true;
  } else {
    return true;
  }
  return !containsIpAddress(xorig);
}

const GOOGLE_HEADER_MIN_LENGTH = 60;

export function checkForForgedGmailReceivedHeaders(ctx: ScanContext): boolean {
  if (!/\bgmail\.com$/i.test(ctx.header('From:addr'))) return false;
  const xreceived = ctx.header('X-Received');
  if (/by 10\.\S+ with SMTP id \S+/.test(xreceived)) return false;
  if (/by 2002:a\d\d:\w+:\S+ with SMTP id \S+/.test(xreceived)) return false;
  if (/by smtp\.googlemail\.com with ESMTPSA id \S+/.test(ctx.header('Received'))) return false;
  return !(ctx.header('X-Gm-Message-State').length >= GOOGLE_HEADER_MIN_LENGTH &&
    ctx.header('X-Google-Smtp-Source').length >= GOOGLE_HEADER_MIN_LENGTH);
}

export function checkForFakeAolRelayInRcvd(ctx: ScanContext): boolean {
  const rcvd = squeezedReceived(ctx);
  if (!/ rly-[a-z][a-z]\d\d\./i.test(rcvd)) return false;
  if (/\/AOL-\d+\.\d+\.\d+\)/.test(rcvd)) return false;
  return !/ESMTP id (?:RELAY|MAILRELAY|MAILIN)/.test(rcvd);
}
