/**
 * Phishing (not loaded by Debian's default .pre files): `check_phishing()`
 * hits when a link of the message (an `<a href>` or a URI found in the text,
 * not a mailto) is listed, word for word, in the OpenPhish, PhishTank or
 * PhishStats feed the configuration names; the report line says which feed
 * and domain. With `phishing_uri_noparam` the parameters are cut on both
 * sides and links with three slashes or fewer left are not looked at.
 *
 * The feeds are read once per configuration, on the first look-up (the
 * plugin reads them when the configuration is parsed; a SIGHUP reload
 * builds a new configuration, which reads them again).
 */
import { perConfig } from '../config/per-config.js';
import type { EngineConfig } from '../config/types.js';
import type { ScanContext } from '../scan/context-types.js';
import { BODY, evalDef, type EvalTable } from './define.js';
import { readPhishingFeeds, uriWithoutParams, type PhishingFeeds } from './phishing/phishing-feeds.js';
import { uriToDomain } from './util/domains.js';

const PLUGIN = 'Phishing';

const feedsOf: (conf: EngineConfig) => PhishingFeeds = perConfig(readPhishingFeeds);

function checkPhishing(ctx: ScanContext): number {
  const feeds = feedsOf(ctx.conf);
  if (feeds.size === 0) return 0;
  const noParams = uriWithoutParams(ctx.conf);
  for (const [uri, detail] of ctx.uriDetails()) {
    if (/^mailto:/i.test(uri) || detail.hosts.size === 0) continue;
    if (!detail.types.has('a') && !detail.types.has('parsed')) continue;
    for (const cleaned of detail.cleaned) {
      const key = noParams ? cleaned.replace(/\?.*/, '') : cleaned;
      if (noParams && (key.match(/\//g)?.length ?? 0) <= 3) continue;
      const listed = feeds.get(key);
      if (listed === undefined) continue;
      const domain = uriToDomain(ctx.conf, cleaned) ?? '';
      ctx.testLog(`${listed.get(domain)?.[0] ?? ''} (${domain})`);
      return 1;
    }
  }
  return 0;
}

export const phishingEvals: EvalTable = {
  check_phishing: evalDef(PLUGIN, BODY, checkPhishing),
};
