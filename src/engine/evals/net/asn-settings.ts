/** The ASN plugin's settings, read once per configuration. */
import { ASN_LOOKUP_LISTS } from '../../config/asn-directives.js';
import { perConfig } from '../../config/per-config.js';
import { PLUGIN_PREFIX } from '../../config/plugins.js';
import type { EngineConfig } from '../../config/types.js';
import type { ScanState } from '../../scan/scan-state.js';

export interface AsnZone {
  zone: string;
  asnTag: string;
  routeTag: string;
}

export interface AsnSettings {
  loaded: boolean;
  ipv4: AsnZone[];
  ipv6: AsnZone[];
  /** asn_prefix: written before each AS number in the tags. */
  prefix: string;
  useDns: boolean;
  useGeoDb: boolean;
  /** asn_prefer_geodb: no DNS lookup once the GeoIP database knew the AS. */
  preferGeoDb: boolean;
}

export const asnSettings = perConfig((conf: EngineConfig): AsnSettings => {
  const zones = (list: string): AsnZone[] => (conf.lists.get(list) ?? []).map((entry) => {
    const [zone = '', asnTag = 'ASN', routeTag = 'ASNCIDR'] = entry.split(' ');
    return { zone, asnTag, routeTag };
  });
  return {
    loaded: conf.plugins.has(`${PLUGIN_PREFIX}ASN`),
    ipv4: zones(ASN_LOOKUP_LISTS.ipv4),
    ipv6: zones(ASN_LOOKUP_LISTS.ipv6),
    prefix: conf.other.get('asn_prefix') ?? 'AS',
    useDns: conf.other.get('asn_use_dns') !== '0',
    useGeoDb: conf.other.get('asn_use_geodb') !== '0',
    preferGeoDb: conf.other.get('asn_prefer_geodb') !== '0',
  };
});

/** Every zone's tags exist once the plugin looks (empty until an answer fills them), as SpamAssassin sets them up. */
export function initAsnTags(state: ScanState, s: AsnSettings): void {
  for (const z of [...s.ipv4, ...s.ipv6]) for (const tag of [z.asnTag, z.routeTag]) if (!state.getTag(tag)) state.setTag(tag, '');
}
