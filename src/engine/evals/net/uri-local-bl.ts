/**
 * URILocalBL's `check_uri_local_bl()`: the hosts of the message's links (`a`
 * and parsed URIs) are placed with the GeoIP country database and hit the
 * rule when a host is in one of its countries or continents (or, negated,
 * in none of them) or in one of its networks. A host written as an address
 * is checked at once, without DNS; a name is looked up (A, and AAAA when an
 * IPv6 database is there) when network tests are on. `uri_block_exclude`
 * skips a registrable domain, or an address, which ends the rule's check
 * without a hit (as the plugin does). The report shows `Host: HOST in
 * country CC` (continent, cidr). Without a country database the rule never
 * hits, whatever it asks; ISP criteria need a GeoIP2 ISP database.
 */
import ipaddr from 'ipaddr.js';
import { perConfig } from '../../config/per-config.js';
import type { EngineConfig } from '../../config/types.js';
import { URILOCALBL_EVAL } from '../../config/urilocalbl-directives.js';
import { type GeoDb, geoDb } from '../../geodb/geodb.js';
import type { NetLookups } from '../../net/dns-types.js';
import type { EvalDefinition, NetEvalRule, ScanContext } from '../../scan/context-types.js';
import { BODY, type EvalTable } from '../define.js';
import { isIpAddress } from '../util/ip-patterns.js';
import { memo } from '../util/memo.js';

/** A network of uri_block_cidr: its address and prefix length. */
type Net = [ipaddr.IPv4 | ipaddr.IPv6, number];

interface Criteria {
  isps: Set<string>;
  countries: Set<string>;
  countriesNegated: boolean;
  continents: Set<string>;
  continentsNegated: boolean;
  nets: Net[];
  exclusions: Set<string>;
}

/** What the rule's check came to: a hit with its report line, done without one (an excluded address), or nothing yet. */
type Outcome = { hit: string } | 'done' | undefined;

/** An address or network as written in uri_block_cidr (validated when read); undefined when ipaddr cannot read it. */
function parseNet(text: string): Net | undefined {
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const addr = ipaddr.parse(text);
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
}

function readCriteria(conf: EngineConfig, rule: string): Criteria {
  const entries = (hash: string) => conf.hashes.get(hash)?.get(rule)?.split(' ') ?? [];
  const cc = entries('uri_block_cc');
  const cont = entries('uri_block_cont');
  return {
    isps: new Set(entries('uri_block_isp')),
    countries: new Set(cc.map((c) => c.replace(/^!/, ''))),
    countriesNegated: cc.some((c) => c.startsWith('!')),
    continents: new Set(cont.map((c) => c.replace(/^!/, ''))),
    continentsNegated: cont.some((c) => c.startsWith('!')),
    nets: entries('uri_block_cidr').map(parseNet).filter((n): n is Net => n !== undefined),
    exclusions: new Set(entries('uri_block_exclude')),
  };
}

/** Each rule's criteria, read once per configuration. */
const criteriaByRule = perConfig(() => new Map<string, Criteria>());

function criteriaOf(ctx: ScanContext, rule: string): Criteria {
  const known = criteriaByRule(ctx.conf);
  let c = known.get(rule);
  if (c === undefined) {
    c = readCriteria(ctx.conf, rule);
    known.set(rule, c);
  }
  return c;
}

function inNet(ip: string, [net, bits]: Net): boolean {
  try {
    const addr = ipaddr.process(ip);
    return addr.kind() === net.kind() && addr.match(net as never, bits);
  } catch {
    return false;
  }
}

/** The plugin's _check_host: the first of its criteria that one of the addresses meets. */
function checkHost(db: GeoDb, c: Criteria, host: string, addrs: readonly string[]): Outcome {
  if (addrs.some((ip) => c.exclusions.has(ip))) return 'done';
  if (c.countries.size > 0) {
    for (const ip of addrs) {
      const cc = db.country(ip);
      if (c.countries.has(cc) !== c.countriesNegated) return { hit: `Host: ${host} in country ${cc}` };
    }
  }
  if (c.continents.size > 0) {
    for (const ip of addrs) {
      const cont = db.continent(ip);
      if (c.continents.has(cont) !== c.continentsNegated) return { hit: `Host: ${host} in continent ${cont}` };
    }
  }
  if (c.isps.size > 0 && db.hasIsp) {
    for (const ip of addrs) {
      const isp = db.isp(ip);
      if (isp !== undefined && c.isps.has(isp.toUpperCase().replace(/\s+/g, ''))) return { hit: `Host: ${host} in isp ${isp}` };
    }
  }
  for (const ip of addrs) if (c.nets.some((net) => inNet(ip, net))) return { hit: `Host: ${host} in cidr` };
  return undefined;
}

/** The database, when it can say countries or ISPs (else the plugin is off, whatever its rules ask). */
function usableGeoDb(ctx: ScanContext): GeoDb | undefined {
  const db = geoDb(ctx.conf);
  return db !== undefined && (db.hasCountry || db.hasIsp) ? db : undefined;
}

/** The link hosts to check: addresses (checked at once) and names (looked up), skipping excluded domains. */
function linkHosts(ctx: ScanContext, c: Criteria): { addresses: string[]; names: string[] } {
  const addresses: string[] = [];
  const names = new Set<string>();
  for (const info of ctx.uriDetails().values()) {
    if (!info.types.has('a') && !info.types.has('parsed')) continue;
    for (const [host, domain] of info.hosts) {
      if (c.exclusions.has(domain.toLowerCase())) continue;
      if (isIpAddress(host)) addresses.push(host);
      else names.add(host);
    }
  }
  return { addresses, names: [...names] };
}

/** The addresses written as hosts, checked in link order until one decides. */
function checkAddresses(db: GeoDb, c: Criteria, addresses: readonly string[]): Outcome {
  for (const ip of addresses) {
    const outcome = checkHost(db, c, ip, [ip]);
    if (outcome !== undefined) return outcome;
  }
  return undefined;
}

function hitOf(ctx: ScanContext, outcome: Outcome): boolean {
  if (outcome === undefined || outcome === 'done') return false;
  ctx.testLog(outcome.hit);
  return true;
}

/** Without network tests: the hosts written as addresses only. */
function localCheck(ctx: ScanContext, rule: string): boolean {
  const db = usableGeoDb(ctx);
  if (db === undefined) return false;
  const c = criteriaOf(ctx, rule);
  return hitOf(ctx, checkAddresses(db, c, linkHosts(ctx, c).addresses));
}

const outcomes = (ctx: ScanContext): Map<string, Outcome> => memo(ctx, 'urilocalbl:outcomes', () => new Map());

function launch(ctx: ScanContext, rule: NetEvalRule, net: NetLookups): void {
  const db = usableGeoDb(ctx);
  if (db === undefined) return;
  const c = criteriaOf(ctx, rule.args[0] ?? rule.name);
  const { addresses, names } = linkHosts(ctx, c);
  const decided = checkAddresses(db, c, addresses);
  const results = outcomes(ctx);
  results.set(rule.name, decided);
  if (decided !== undefined) return;
  const types = db.hasIpv6() ? (['A', 'AAAA'] as const) : (['A'] as const);
  for (const host of names) {
    for (const type of types) {
      void net.lookup(host, type).then((answer) => {
        // The first answer that decides ends the rule (an A and an AAAA record may both match).
        if (results.get(rule.name) !== undefined || answer.code !== 'NOERROR') return;
        const addrs = answer.records.filter((r): r is string => typeof r === 'string');
        if (addrs.length > 0) results.set(rule.name, checkHost(db, c, host, addrs));
      });
    }
  }
}

export const uriLocalBlEvals: EvalTable = {
  [URILOCALBL_EVAL]: {
    fn: (ctx, args) => localCheck(ctx, args[0] ?? ''),
    plugin: 'URILocalBL',
    types: BODY,
    net: { launch, result: (ctx, rule) => hitOf(ctx, outcomes(ctx).get(rule.name)) },
  } satisfies EvalDefinition,
};
