/**
 * Received lines SpamAssassin deliberately does not treat as relays: local
 * submissions and loopback handovers, list managers and virus scanners that
 * log a second line for the same handover, and MTAs that record no IP at all.
 * Skipping them (rather than calling them unparseable) keeps ALL_TRUSTED
 * meaningful.
 */
import { ignore, type LineMatcher } from './received-fields.js';
import { rx } from './ip-patterns.js';

/** qmail-scanner logs the handover again; its envelope sender belongs to the next header. */
export const QMAIL_SCANNER: LineMatcher = {
  name: 'qmail-scanner',
  apply: (s) => (QMAIL_SCANNER_RE.test(s) ? 'qmail-scanner' : undefined),
};
const QMAIL_SCANNER_RE = rx`^\S+ by \S+ \(.{0,100}\) with qmail-scanner`;

export const IGNORED_BEFORE_SCANNER: readonly LineMatcher[] = [
  ignore('user-at-localhost', rx`^\S+ \([^\s@]+@{LOCALHOST}\) by \S+ \(`),
  ignore('exim-local-smtp', rx`^\S+ \S+ by \S+ with local-e?smtp `),
  ignore('avg-smtp', rx`^127\.0\.0\.1 \(AVG SMTP \S+ \[\S+\]\)`),
  // `\S+@\S+` written as a look-ahead plus one word: same matches, without quadratic backtracking on `a@a@a@…`.
  ignore('by-uid', rx`^(?=\S+@\S)\S+ by \S+ by uid \S+ `),
  ignore('address-by', rx`^(?=\S+@\S)\S+ by \S+ `),
  ignore('unknown-local', rx`^Unknown/Local \(`),
  ignore('localhost-to-localhost', rx`^{LOCALHOST} \((?:\S+@)?{LOCALHOST}[)[]`),
  ignore('paren-localhost', rx`^\S+ \((?:\S+@)?{LOCALHOST}\) `),
  ignore('user-bracket-localhost', rx`^\S+ \((?=\S+@\S)\S+ \[{LOCALHOST}\]\) `),
  ignore('courier-auth-only', rx`^\(AUTH: \S+\) by \S+ with `),
  ignore('unix-socket-localhost', rx`^localhost \(localhost \[\[UNIX: localhost\]\]\) by `),
  ignore('amazon-internal', rx`^\S+\.amazon\.com by \S+\.amazon\.com with ESMTP \(peer crosscheck: `),
  ignore('groupwise', rx`^[^.]+ by \S+ with Novell_GroupWise`),
  ignore('raptor-firewall', rx`^no\.name\.available by \S+ via smtpd \(for `),
];

export const IGNORED_AFTER_SCANNER: readonly LineMatcher[] = [
  ignore('by-with-local', rx`^\S+ by \S+ with local`),
  ignore('cyrus-socket', rx`^\S+ \(\[unix socket\]\) by \S+ \(Cyrus v[0-9]*?\.[0-9]*?\.[0-9]*?\) with LMTPA`),
  // No IP recorded at all; calling these unparseable would needlessly break ALL_TRUSTED.
  ignore('no-ip-by', rx`^\S+ by \S+ (?:with|via|for|\()`),
  ignore('no-ip-with-by', rx`^\S+ (?:(?:with|via|for) \S+|\(unverified\)) by\b`),
  ignore('sendgrid', rx`^\S+ \(unknown\) by \S+ \(SG\) with \b`),
  ignore('opensmtpd-local', rx`^\S+ \(\S+ \[local\]\) by \S+ \(OpenSMTPD\) with \b`),
  ignore('lsmtp', /\(LSMTP for/),
  ignore('mailenable-local', rx`^\(\[{LOCALHOST}\]\) with MailEnable `),
  ignore('facebook-thrift', rx`^facebook\.com \([^)]+\) by facebook\.com with Thrift id \S+$`),
  ignore('gmail-api', rx`^\S+ named \S+ by gmailapi\.google\.com with HTTPREST$`),
  ignore('from-id-only', rx`^\S+ id \S+$`),
  ignore('jetsend', rx`^\[<.*? \(Jetsend`),
];
