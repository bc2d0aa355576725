/**
 * Where the trusted and internal parts of the relay chain end. With no
 * trusted/internal networks configured, trust is inferred: a hop stays
 * trusted while its client IP is private or the client authenticated. With
 * networks configured, the configured sets decide, and an MSA hop carries
 * trust to everything after it.
 */
import type { EngineConfig } from '../../config/types.js';
import type { ParsedRelay } from './finish-relay.js';
import { NetSet } from './net-set.js';
import { perlTrue } from './received-fields.js';

export interface TrustState {
  inTrusted: boolean;
  inInternal: boolean;
  foundMsa: boolean;
}

export interface TrustPolicy {
  /** Update the state for the next relay down the chain; returns whether this relay is an MSA. */
  step(relay: ParsedRelay, state: TrustState): boolean;
}

const INFERRED: TrustPolicy = {
  step(relay, state) {
    if (!relay.ipPrivate && !perlTrue(relay.auth)) {
      state.inTrusted = false;
      state.inInternal = false;
    }
    return false;
  },
};

function configuredPolicy(trusted: NetSet, internal: NetSet, msa: NetSet, originating: boolean): TrustPolicy {
  return {
    step(relay, state) {
      if (!perlTrue(relay.auth) && !trusted.containsIp(relay.ip)) {
        // A caller that vouches for local origin makes the first untrusted hop an MSA.
        if (originating) state.foundMsa = true;
        else state.inTrusted = false;
        state.inInternal = false;
        return false;
      }
      if (state.inInternal && !perlTrue(relay.auth) && !internal.containsIp(relay.ip)) state.inInternal = false;
      if (msa.size > 0 && msa.containsIp(relay.ip)) {
        state.foundMsa = true;
        return true;
      }
      return false;
    },
  };
}

export function trustPolicy(
  conf: Pick<EngineConfig, 'trustedNetworks' | 'internalNetworks' | 'msaNetworks'>,
  originating: boolean,
): TrustPolicy {
  const trustedSet = conf.trustedNetworks.configured;
  const internalSet = conf.internalNetworks.configured;
  if (!trustedSet && !internalSet) return INFERRED;
  // Either list stands in for the other when only one is configured.
  const trustedEntries = trustedSet ? conf.trustedNetworks.entries : conf.internalNetworks.entries;
  const internalEntries = internalSet ? conf.internalNetworks.entries : conf.trustedNetworks.entries;
  const trusted = new NetSet(trustedEntries, true);
  const internal = new NetSet(internalEntries, true);
  return configuredPolicy(trusted, internal, new NetSet(conf.msaNetworks.entries, false), originating);
}
