/**
 * DKIM.pm's ARC flags from mailauth's ARC data. SpamAssassin does not use
 * the chain verdict: arc_signed is set when Mail::DKIM::ARC::Verifier
 * parsed any ARC-Seal or ARC-Message-Signature, arc_valid when any ONE of
 * them verifies by itself (a seal over the ARC sets up to its instance, a
 * message signature over the message). mailauth verifies the newest
 * ARC-Message-Signature and the seals from the newest down, stopping at the
 * first failure; each seal is checked here on its own part of the chain.
 */
import type { ARCChainEntry, ARCData } from 'mailauth';
import { mailauthModules } from './mailauth-modules.js';

export interface ArcFlags {
  signed: boolean;
  valid: boolean;
}

type Resolver = (name: string, type: string) => Promise<never>;

const ARC_HEADER = /^arc-(?:seal|message-signature)$/i;

export function hasArcHeaders(names: readonly string[]): boolean {
  return names.some((n) => ARC_HEADER.test(n));
}

/** Seal i (1-based) signs the ARC sets 1..i: verified alone when it is the top of that slice. */
async function sealPasses(chain: ARCChainEntry[], top: number, resolver: Resolver, minBitLength: number): Promise<boolean> {
  const { verifyASChain } = await mailauthModules();
  try {
    await verifyASChain({ chain: chain.slice(0, top) }, { resolver, minBitLength });
    return true;
  } catch (err) {
    // verifyASChain goes down from the top and reports the instance that failed: a lower one means the top passed.
    const failed = Number(/^i=(\d+) /.exec((err as Error).message)?.[1] ?? top);
    return failed < top;
  }
}

export async function arcFlags(data: ARCData | undefined, headerNames: readonly string[], resolver: Resolver, minBitLength: number): Promise<ArcFlags> {
  const signed = hasArcHeaders(headerNames);
  if (!signed || !data || data.error || !data.chain?.length) return { signed, valid: false };
  const newestAms = (data.lastEntry as { messageSignature?: { status?: { result?: string } } } | undefined)?.messageSignature;
  if (newestAms?.status?.result === 'pass') return { signed, valid: true };
  for (let top = data.chain.length; top > 0; top--) {
    if (await sealPasses(data.chain, top, resolver, minBitLength)) return { signed, valid: true };
  }
  return { signed, valid: false };
}
