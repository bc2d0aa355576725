/**
 * HeaderEval: sanity checks on the message header.
 */
import type { ScanContext } from '../scan/context-types.js';
import { evalDef, HEAD, type EvalTable } from './define.js';
import { checkForShiftedDate, checkOutlookMessageId, dateDiff } from './header-eval-dates.js';
import {
  checkForFakeAolRelayInRcvd, checkForForgedEudoramailReceivedHeaders, checkForForgedGmailReceivedHeaders,
  checkForForgedHotmailReceivedHeaders, checkForForgedJunoReceivedHeaders, checkForForgedYahooReceivedHeaders,
  checkForMsnGroupsHeaders, checkForNoHotmailReceivedHeaders, gatedThroughReceivedHdrRemover,
} from './header-eval-forged.js';
import { similarRecipients, sortedRecipients } from './header-eval-recipients.js';
import { receivedWithinMonths } from './header-eval-received-age.js';
import { isDomainValid, trimDomain } from './util/domains.js';
import { isCharsetOkForLocales, localesAcceptAll, myLocales } from './util/locales.js';
import { PERL_NON_SPACE, PERL_SPACE, perlTrim } from '../message/octets.js';
import { lcBytes, PERL_EOS, perlNum, quoteMeta, ucBytes } from './util/perl-values.js';

const PLUGIN = 'HeaderEval';

function countMatches(s: string, re: RegExp): number {
  return s.match(re)?.length ?? 0;
}

export function isValidUtf8(bytes: string): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(bytes, 'latin1'));
    return true;
  } catch {
    return false;
  }
}

/** Control and 8-bit characters in a raw header, unless it is clean UTF-8. */
function checkIllegalChars(ctx: ScanContext, args: readonly string[]): boolean {
  const [header0 = '', ratio = '0', count = '0'] = args;
  const header = /:raw$/.test(header0) ? header0 : `${header0}:raw`;
  const str = ctx.header(header);
  if (!/[^\t\n\v\f\r ]/.test(str)) return false;
  const controls = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
  if (/[\x80-\xFF]/.test(str) && isValidUtf8(str) && !controls.test(str)) return false;
  let illegal = countMatches(str, /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\xFF]/g);
  // A lone cent, pound or (R) sign is common in legitimate subjects.
  if (illegal > 0 && lcBytes(header) === 'subject:raw' && countMatches(str, /[\xA2\xA3\xAE]/g) === 1) illegal--;
  return illegal / str.length >= perlNum(ratio) && illegal >= perlNum(count);
}

function checkForFarawayCharsetInHeaders(ctx: ScanContext): boolean {
  const locales = myLocales(ctx.conf.okLocales);
  if (localesAcceptAll(locales)) return false;
  for (const h of ['From', 'Subject']) {
    for (const value of ctx.headerList(`${h}:raw`)) {
      for (const m of value.matchAll(/=\?(.+?)\?.\?.*?\?=/g)) {
        if (!isCharsetOkForLocales(m[1] ?? '', locales)) return true;
      }
    }
  }
  return false;
}

const CAPS_PRONE_CHARSET = /=\?[-_a-z0-9]*(?:koi|jp|jis|euc|gb|big5|isoir|cp1251|windows-1251|georgianps|pt154|tis)[-_a-z0-9]*\?/i;

function subjectIsAllCaps(ctx: ScanContext): boolean {
  // Perl's /^\s+/ and /\s+$/ on octets: ASCII white space only (JS's trim() would also take \xA0).
  let subject = perlTrim(ctx.header('Subject'));
  subject = subject.replace(/^(?:(?:Re|Fwd|Fw|Aw|Antwort|WG|SV|VB|VS|VL):[\t\n\v\f\r ]*)+/i, '');
  if (!/[\t\n\v\f\r ]/.test(subject) || subject.length < 10) return false;
  const letters = subject.replace(/[^a-zA-Z]/g, '');
  if (CAPS_PRONE_CHARSET.test(ctx.header('Subject:raw'))) return false;
  return letters.length > 0 && letters === ucBytes(letters);
}

function checkForToInSubject(ctx: ScanContext, args: readonly string[]): boolean {
  const fullTo = ctx.header('To:addr');
  if (fullTo === '') return false;
  const subject = ctx.header('Subject');
  if (args[0] === 'address') return new RegExp(`\\b${quoteMeta(fullTo)}\\b`, 'i').test(subject);
  if (args[0] !== 'user') return false;
  const user = fullTo.replace(/@.*/s, '');
  // Every alternative needs the user name in the subject; most subjects lack it, so skip building the patterns.
  // (Lower-casing both is exact for byte strings: no byte folds to a character outside 0..255 that /i would match.)
  if (!subject.toLowerCase().includes(user.toLowerCase())) return false;
  const to = quoteMeta(user);
  // The second alternative is case-sensitive on the user name; it has no other letters.
  return new RegExp(`^(?:(?:re|fw):${PERL_SPACE}*(?:\\w+${PERL_SPACE}+)?${to}${PERL_EOS}|${to}${PERL_EOS}|,${PERL_SPACE}*${to}[,:;!?-]${PERL_EOS})`, 'i').test(subject) ||
    new RegExp(`^${to}${PERL_SPACE}*[,:;!?-](?:${PERL_EOS}|${PERL_SPACE})`).test(subject);
}

function checkMessageIdNotUsable(ctx: ScanContext): boolean {
  if (new RegExp(`<mailto:(?:leave-${PERL_NON_SPACE}+|${PERL_NON_SPACE}+-unsubscribe)@${PERL_NON_SPACE}+>${PERL_EOS}`, 'i').test(ctx.header('List-Unsubscribe'))) return true;
  if (gatedThroughReceivedHdrRemover(ctx)) return true;
  const rcvd = ctx.header('Received');
  return /\/CWT\/DCE\)/.test(rcvd) || /iPlanet Messaging Server/.test(rcvd);
}

function checkHeaderCountRange(ctx: ScanContext, args: readonly string[]): boolean {
  const [hdr = '', min, max] = args;
  const n = new Set(ctx.headerList(hdr)).size;
  return n >= perlNum(min) && n <= perlNum(max);
}

const TEMPLATE_EXEMPT = /^(?:X-VMS-To|X-UIDL|X-Face|To|Cc|From|Subject|References|In-Reply-To|(?:X-|Resent-|X-Original-)?Message-Id):/i;

function checkUnresolvedTemplate(ctx: ScanContext): boolean {
  return ctx.header('ALL').split('\n').some((line) => /%[A-Z][A-Z_-]/.test(line) && !TEMPLATE_EXEMPT.test(line));
}

function checkRatwareNameId(ctx: ScanContext): boolean {
  const m = /<[A-Z]{28}\.([^>]+?)>/.exec(ctx.header('MESSAGEID'));
  return m !== null && new RegExp(`"[^"]+"${PERL_SPACE}*<${quoteMeta(m[1] ?? '')}>`).test(ctx.header('From'));
}

function checkRatwareEnvelopeFrom(ctx: ScanContext): boolean {
  const to = ctx.header('To:addr');
  const from = ctx.header('EnvelopeFrom:addr');
  if (from === '' || to === '' || /^SRS\d[=+-]/i.test(from)) return false;
  const m = /^([^@]+)@(.+)$/.exec(to);
  if (!m) return false;
  const local = m[1] ?? '';
  // The pattern needs "local@" in the sender; most senders lack it, and building the regex cost more than
  // the test (octet strings: lower-casing folds exactly the pairs /i does).
  if (!from.toLowerCase().includes(`${local}@`.toLowerCase())) return false;
  const dom = trimDomain(ctx.conf, m[2] ?? '');
  if (!isDomainValid(ctx.conf, dom)) return false;
  return new RegExp(`\\b${quoteMeta(dom)}.${quoteMeta(local)}@`, 'i').test(from);
}

/** The last two labels of the domain of an address ('' when there is none). */
function secondLevel(addr: string): string {
  const m = /@([^@]*)$/.exec(addr);
  return (m?.[1] ?? '').replace(/^.+\.([^.]+\.[^.]+)$/s, '$1');
}

function checkEqualFromDomains(ctx: ScanContext): boolean {
  const from = secondLevel(ctx.header('From:addr'));
  if (from === '') return false;
  const env = secondLevel(ctx.header('EnvelopeFrom:addr'));
  return env !== '' && lcBytes(from) !== lcBytes(env);
}

const GW05 = new RegExp(
  `\\nfrom${PERL_SPACE}(${PERL_NON_SPACE}+)${PERL_SPACE}by${PERL_SPACE}(${PERL_NON_SPACE}+)${PERL_SPACE}with${PERL_SPACE}ESMTP;${PERL_SPACE}+${PERL_NON_SPACE}${PERL_NON_SPACE}${PERL_NON_SPACE},${PERL_SPACE}+\\d+${PERL_SPACE}+${PERL_NON_SPACE}${PERL_NON_SPACE}${PERL_NON_SPACE}${PERL_SPACE}+\\d{4}${PERL_SPACE}+\\d\\d:\\d\\d:\\d\\d${PERL_SPACE}+[-+]*\\d{4}\\n${PERL_EOS}`,
);

function checkForForgedGw05ReceivedHeaders(ctx: ScanContext): boolean {
  const m = GW05.exec(ctx.header('Received'));
  return m !== null && !/\./.test(m[2] ?? '');
}

function checkForMissingToHeader(ctx: ScanContext): boolean {
  return ctx.header('To') === '' && ctx.header('Apparently-To') === '';
}

export const headerEvals: EvalTable = {
  check_for_fake_aol_relay_in_rcvd: evalDef(PLUGIN, HEAD, checkForFakeAolRelayInRcvd),
  check_for_faraway_charset_in_headers: evalDef(PLUGIN, HEAD, checkForFarawayCharsetInHeaders),
  check_for_unique_subject_id: evalDef(PLUGIN, HEAD, () => false),
  check_illegal_chars: evalDef(PLUGIN, HEAD, checkIllegalChars),
  check_for_forged_hotmail_received_headers: evalDef(PLUGIN, HEAD, checkForForgedHotmailReceivedHeaders),
  check_for_no_hotmail_received_headers: evalDef(PLUGIN, HEAD, checkForNoHotmailReceivedHeaders),
  check_for_msn_groups_headers: evalDef(PLUGIN, HEAD, checkForMsnGroupsHeaders),
  check_for_forged_eudoramail_received_headers: evalDef(PLUGIN, HEAD, checkForForgedEudoramailReceivedHeaders),
  check_for_forged_yahoo_received_headers: evalDef(PLUGIN, HEAD, checkForForgedYahooReceivedHeaders),
  check_for_forged_juno_received_headers: evalDef(PLUGIN, HEAD, checkForForgedJunoReceivedHeaders),
  check_for_forged_gmail_received_headers: evalDef(PLUGIN, HEAD, checkForForgedGmailReceivedHeaders),
  check_for_matching_env_and_hdr_from: evalDef(PLUGIN, HEAD, (ctx) =>
    lcBytes(ctx.header('EnvelopeFrom:addr')) === lcBytes(ctx.header('From:addr'))),
  sorted_recipients: evalDef(PLUGIN, HEAD, sortedRecipients),
  similar_recipients: evalDef(PLUGIN, HEAD, similarRecipients),
  check_for_missing_to_header: evalDef(PLUGIN, HEAD, checkForMissingToHeader),
  check_for_forged_gw05_received_headers: evalDef(PLUGIN, HEAD, checkForForgedGw05ReceivedHeaders),
  check_for_shifted_date: evalDef(PLUGIN, HEAD, checkForShiftedDate),
  subject_is_all_caps: evalDef(PLUGIN, HEAD, subjectIsAllCaps),
  check_for_to_in_subject: evalDef(PLUGIN, HEAD, checkForToInSubject),
  check_outlook_message_id: evalDef(PLUGIN, HEAD, checkOutlookMessageId),
  check_messageid_not_usable: evalDef(PLUGIN, HEAD, checkMessageIdNotUsable),
  check_header_count_range: evalDef(PLUGIN, HEAD, checkHeaderCountRange),
  check_unresolved_template: evalDef(PLUGIN, HEAD, checkUnresolvedTemplate),
  check_ratware_name_id: evalDef(PLUGIN, HEAD, checkRatwareNameId),
  check_ratware_envelope_from: evalDef(PLUGIN, HEAD, checkRatwareEnvelopeFrom),
  gated_through_received_hdr_remover: evalDef(PLUGIN, HEAD, gatedThroughReceivedHdrRemover),
  received_within_months: evalDef(PLUGIN, HEAD, receivedWithinMonths),
  check_equal_from_domains: evalDef(PLUGIN, HEAD, checkEqualFromDomains),
};

export { dateDiff };
