/**
 * The name of a connected spamc, as spamd finds it: the system's reverse
 * look-up of the peer's address (getnameinfo, so /etc/hosts answers before
 * DNS), or the address itself when there is no name. spamd puts it in the
 * _REMOTEHOSTNAME_ template tag and in its `rhost=` log field; 127.0.0.1 is
 * `localhost` there, not the address.
 *
 * spamd asks once per connection and blocks while it waits. Here the
 * question starts when the connection is accepted, runs while the request
 * is read, is answered from a short-lived cache for a busy client, and gives
 * up after a bound, so a slow resolver delays a scan by at most that.
 */
import { lookupService } from 'node:dns/promises';

const CACHE_MS = 60_000;
const CACHE_ENTRIES = 1024;
const LOOKUP_TIMEOUT_MS = 2_000;

interface CacheEntry {
  name: Promise<string>;
  until: number;
}

const cache = new Map<string, CacheEntry>();

/** The peer's host name, or its address when it has none (or the look-up failed or took too long). */
export function peerHostname(address: string): Promise<string> {
  const now = Date.now();
  const hit = cache.get(address);
  if (hit !== undefined && hit.until > now) return hit.name;
  const name = lookUp(address);
  if (cache.size >= CACHE_ENTRIES) cache.clear();
  cache.set(address, { name, until: now + CACHE_MS });
  return name;
}

async function lookUp(address: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(address), LOOKUP_TIMEOUT_MS);
    timer.unref();
  });
  try {
    // The port only has to be valid: getnameinfo needs a whole socket address.
    const asked = lookupService(address, 1).then(
      ({ hostname }) => hostname || address,
      () => address,
    );
    return await Promise.race([asked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
