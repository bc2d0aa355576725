/**
 * mailauth's SPF, DKIM, DMARC and ARC entry points, loaded by the first
 * message that runs a network test needing them. With its crypto and DNS
 * dependencies it is the largest module graph the engine uses (about 25 MB
 * of heap and code per thread), and a process that runs no network tests
 * (-L, or DNS unavailable) never needs it.
 */
import type { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import type { dmarc } from 'mailauth/lib/dmarc/index.js';
import type { spf } from 'mailauth/lib/spf/index.js';
import type { verifyASChain } from 'mailauth/lib/arc/index.js';

export interface MailauthModules {
  dkimVerify: typeof dkimVerify;
  dmarc: typeof dmarc;
  spf: typeof spf;
  verifyASChain: typeof verifyASChain;
}

let loading: Promise<MailauthModules> | undefined;

export function mailauthModules(): Promise<MailauthModules> {
  loading ??= Promise.all([
    import('mailauth/lib/dkim/verify.js'),
    import('mailauth/lib/dmarc/index.js'),
    import('mailauth/lib/spf/index.js'),
    import('mailauth/lib/arc/index.js'),
  ]).then(([d, m, s, a]) => ({ dkimVerify: d.dkimVerify, dmarc: m.dmarc, spf: s.spf, verifyASChain: a.verifyASChain }));
  return loading;
}
