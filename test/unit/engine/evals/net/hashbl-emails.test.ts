/**
 * check_hashbl_emails' reading of a message, without DNS: which values it
 * would look up for each option (the interop tests compare the hits with
 * SpamAssassin's against real name servers).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { DnsAnswer, NetLookups } from '../../../../../src/engine/net/dns-types.js';
import { launchEmails } from '../../../../../src/engine/evals/net/hashbl-emails.js';
import { bayesConfig, scanState } from '../../bayes/bayes-helpers.js';

const CF = [
  'loadplugin Mail::SpamAssassin::Plugin::HashBL',
  'loadplugin Mail::SpamAssassin::Plugin::URIDNSBL',
  'util_rb_tld com org',
  'hashbl_acl_partners partner.com !blocked.com',
  'hashbl_acl_partners other.org',
  'hashbl_email_domain_alias gmail.com googlemail.com',
  'uridnsbl_skip_domain skipped.org',
].join('\n');

const MESSAGE = [
  'From: Sender <First.Last+news@Partner.com>',
  'Reply-To: someone@googlemail.com',
  'X-Original-To: me@other.org',
  'To: me@other.org',
  'Subject: hello',
  '',
  'Write to x.y+z@other.org, me@other.org, abuse@partner.com, a@skipped.org or <quoted@partner.com>.',
  'Also old.friend@blocked.com wrote: hi',
  '',
].join('\n');

/** The plain values looked up (the hashes undone against the candidates). */
function lookedUp(opts: string, sources = '', acl?: string): string[] {
  const names: string[] = [];
  const net: NetLookups = {
    lookup: (name) => {
      names.push(name);
      return Promise.resolve<DnsAnswer>({ code: 'NXDOMAIN', records: [] });
    },
    track: () => undefined,
    deadline: Date.now() + 10_000,
  };
  const ctx = scanState(bayesConfig(CF), MESSAGE);
  launchEmails(ctx, { name: 'SW_EMAIL', args: ['bl.test', `${opts}/max=50`, sources, '', ...(acl === undefined ? [] : [acl])], tflags: {} as never }, net);
  const candidates = [
    'first.last@partner.com', 'first.last+news@partner.com', 'firstlast@partner.com', 'someone@gmail.com', 'someone@googlemail.com',
    'x.y@other.org', 'xy@other.org', 'x.y+z@other.org', 'me@other.org', 'abuse@partner.com', 'a@skipped.org', 'quoted@partner.com',
    'old.friend@blocked.com', 'oldfriend@blocked.com', 'partner.com', 'other.org', 'gmail.com', 'blocked.com', 'first.last', 'x.y', 'someone', 'old.friend', 'quoted',
  ];
  const byHash = new Map(candidates.map((c) => [`${createHash('sha1').update(c).digest('hex')}.bl.test`, c]));
  return names.map((n) => byHash.get(n) ?? `?${n}`);
}

describe('check_hashbl_emails', () => {
  it('by default: sender, Reply-To (aliased) and body addresses, tags cut; not the recipient, welcomelisted, skipped or quoted ones', () => {
    assert.deepEqual(lookedUp('sha1/notag/noquote'), ['first.last@partner.com', 'someone@gmail.com', 'x.y@other.org']);
  });

  it('without noquote takes the quoted and "wrote:" addresses; nodot drops the user part\'s dots', () => {
    assert.deepEqual(lookedUp('sha1/notag/nodot', 'body'), ['xy@other.org', 'quoted@partner.com', 'oldfriend@blocked.com']);
  });

  it('queries the user, the host or the registrable domain alone', () => {
    assert.deepEqual(lookedUp('sha1/notag/noquote/user'), ['first.last', 'someone', 'x.y']);
    assert.deepEqual(lookedUp('sha1/noquote/host', 'ALLFROM/body'), ['partner.com', 'other.org']);
  });

  it('keeps to an ACL\'s domains as written (Partner.com is not partner.com, as in SpamAssassin; an excluded one stays out)', () => {
    assert.deepEqual(lookedUp('sha1/notag', 'ALLFROM/body', 'partners'), ['x.y@other.org', 'quoted@partner.com']);
  });
});
