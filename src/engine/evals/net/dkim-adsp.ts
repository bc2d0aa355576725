/**
 * DKIM ADSP (DKIM.pm's _check_dkim_adsp): for each author domain without a
 * valid author signature, the practice from adsp_override (the domain or a
 * `*.parent` entry), else from DNS: the `dkim=` tag of
 * `_adsp._domainkey.DOMAIN` (all → A, discardable → D, else U); with no
 * record, N when the domain itself does not exist (Mail::DKIM's MX probe).
 */
import type { NetLookups } from '../../net/dns-types.js';
import type { NetEvalRule, ScanContext } from '../../scan/context-types.js';
import { memo } from '../util/memo.js';
import { afterMailAuth, authOutcome } from './mail-auth.js';

function adspMap(ctx: ScanContext): Map<string, string> {
  return memo(ctx, 'dkim_adsp', () => new Map());
}

function authorDomains(ctx: ScanContext): string[] {
  const out = new Set<string>();
  for (const a of ctx.headerList('From:addr')) {
    const d = /@([^@]+)$/.exec(a)?.[1]?.toLowerCase();
    if (d && /.\.[a-z-]{2,}$/i.test(d)) out.add(d);
  }
  return [...out];
}

function override(ctx: ScanContext, domain: string): string | undefined {
  const table = ctx.conf.hashes.get('adsp_override');
  if (!table) return undefined;
  const labels = domain.split('.');
  const keys = [domain, ...labels.map((_, i) => ['*', ...labels.slice(i + 1)].join('.')).filter((k) => k !== '*')];
  for (const k of keys) {
    const v = table.get(k);
    if (v !== undefined) return v;
  }
  return undefined;
}

async function practice(net: NetLookups, domain: string): Promise<string> {
  const txt = await net.lookup(`_adsp._domainkey.${domain}`, 'TXT');
  if (txt.code === 'NOERROR') {
    for (const rec of txt.records) {
      const m = /(?:^|;)\s*dkim\s*=\s*([a-z]+)/i.exec(Array.isArray(rec) ? rec.join('') : String(rec));
      if (m) {
        const p = (m[1] as string).toLowerCase();
        return p === 'all' ? 'A' : p === 'discardable' || p === 'strict' ? 'D' : 'U';
      }
    }
  }
  if (txt.code !== 'NOERROR' && txt.code !== 'NXDOMAIN' && txt.code !== 'NODATA') return 'U';
  const mx = await net.lookup(domain, 'MX');
  return mx.code === 'NXDOMAIN' ? 'N' : 'U';
}

export function launchAdsp(ctx: ScanContext, net: NetLookups): void {
  if (ctx.scratch.has('dkim_adsp_started')) return;
  ctx.scratch.set('dkim_adsp_started', true);
  afterMailAuth(ctx, net, async () => {
    const valid = new Set(authOutcome(ctx).dkim.filter((s) => s.result === 'pass').map((s) => s.domain));
    const map = adspMap(ctx);
    await Promise.all(
      authorDomains(ctx).filter((d) => !valid.has(d)).map(async (d) => {
        map.set(d, override(ctx, d) ?? (await practice(net, d)));
      }),
    );
  });
}

/** check_dkim_adsp(CHARS, [domains…]): an author domain's practice is one of CHARS ('*' = NAD123). */
export function adspResult(ctx: ScanContext, rule: NetEvalRule): boolean {
  const [chars = '', ...domains] = rule.args;
  const wanted = chars === '*' ? 'NAD123' : chars;
  const map = adspMap(ctx);
  const matching = [...map].filter(([, p]) => wanted.includes(p)).map(([d]) => d);
  if (matching.length === 0) return false;
  if (domains.length === 0) return true;
  const authors = authorDomains(ctx);
  return domains.some((dom) => {
    const sub = /^\*?\.(.*)$/s.exec(dom);
    if (sub) {
      const d = (sub[1] as string).toLowerCase();
      return authors.some((a) => a === d || a.endsWith(`.${d}`));
    }
    return authors.includes(dom.toLowerCase());
  });
}
