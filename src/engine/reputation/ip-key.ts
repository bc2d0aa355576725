/**
 * The IP part of a reputation key (AWL `ip_to_awl_key`): the originating
 * address masked to a block, written the way SpamAssassin writes it, so
 * keys are comparable with a SpamAssassin AWL database.
 */
import ipaddr from 'ipaddr.js';

/** `a.b` for the default /16; full form at /32; trailing zero groups dropped otherwise. IPv6: canonical at /48 with `::`. */
export function ipBlockKey(ip: string | undefined, v4MaskLen = 16, v6MaskLen = 48): string {
  if (ip === undefined || ip === '' || !ipaddr.isValid(ip)) return 'none';
  const dotted = /^(\d{1,3}\.\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(ip);
  // At the default /16 SpamAssassin keeps the first two octets exactly as written.
  if (dotted && v4MaskLen === 16) return dotted[1] as string;
  if (dotted && v4MaskLen === 32) return ip;
  const addr = ipaddr.process(ip);
  if (addr.kind() === 'ipv4') return v4Key(addr.toByteArray(), v4MaskLen);
  return v6Key((addr as ipaddr.IPv6).parts, v6MaskLen);
}

function v4Key(bytes: number[], maskLen: number): string {
  const len = Math.max(0, Math.min(32, maskLen));
  if (len === 32) return bytes.join('.');
  const masked = bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, len - i * 8));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
  return masked.join('.').replace(/(?:\.0){1,3}$/, '');
}

function v6Key(parts: number[], maskLen: number): string {
  const len = Math.max(0, Math.min(128, maskLen));
  const masked = parts.map((p, i) => {
    const bits = Math.max(0, Math.min(16, len - i * 16));
    return p & ((0xffff << (16 - bits)) & 0xffff);
  });
  return masked.map((p) => p.toString(16).padStart(4, '0')).join(':').replace(/(?::0000){1,7}$/, '::');
}

/** The address part of a key: the characters the DB_File store cannot keep become `_`. */
export function addressKey(addr: string): string {
  return addr.toLowerCase().replace(/[\0;'"!|]/g, '_');
}

export function entryKey(addr: string, ipKey: string): string {
  return `${addressKey(addr)}|ip=${ipKey}`;
}
