/**
 * The URI details of one message from its rendered body and the
 * configuration: what ScanContext.uriDetails() / uriList() need. The text
 * searched is the body-rule array (Subject first), as in SpamAssassin; the
 * tag URIs come from every rendered HTML part in order.
 */
import type { EngineConfig } from '../../config/types.js';
import { compilePerlRegex } from '../../regex/translate.js';
import type { RenderedBody, UriDetail } from '../analysis-types.js';
import { htmlUrisFromResults } from '../html/render.js';
import { extractUris } from './extract.js';

type UriConfig = Pick<EngineConfig, 'tlds' | 'twoLevelDomains' | 'threeLevelDomains' | 'redirectorPatterns'>;

/** Compiled redirector patterns per configuration object. */
const compiled = new WeakMap<object, RegExp[]>();

/** redirector_pattern entries as RegExps; a pattern that cannot be translated is left out, as a config error elsewhere. */
export function redirectorRegexps(conf: UriConfig): RegExp[] {
  let list = compiled.get(conf.redirectorPatterns);
  if (list === undefined) {
    list = [];
    for (const r of conf.redirectorPatterns) {
      try {
        list.push(compilePerlRegex(r.pattern, r.flags));
      } catch {
        // The config loader reports untranslatable patterns; scanning goes on without them.
      }
    }
    compiled.set(conf.redirectorPatterns, list);
  }
  return list;
}

export function messageUris(rendered: Pick<RenderedBody, 'body' | 'html'>, conf: UriConfig, pluginUris: readonly string[] = []): Map<string, UriDetail> {
  return extractUris({
    pluginUris,
    texts: rendered.body,
    htmlUris: rendered.html.flatMap((h) => htmlUrisFromResults(h)),
    redirectorPatterns: redirectorRegexps(conf),
    tlds: conf.tlds,
    twoLevelDomains: conf.twoLevelDomains,
    threeLevelDomains: conf.threeLevelDomains,
  });
}
