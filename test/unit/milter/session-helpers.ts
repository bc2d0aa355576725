/** Builders shared by the session tests (not a test file). */
import { SMFIF, SMFIP } from '../../../src/protocol/milter/constants.js';
import { SPAM_FILTER_MACROS } from '../../../src/protocol/milter/negotiate.js';
import { MilterSession } from '../../../milter/session.js';
import type { SessionConfig, SessionEffect, SessionHooks } from '../../../milter/session-types.js';

export const noSkips: SessionHooks = { skipConnection: () => null, skipMessage: () => null };

export function newSession(over: Partial<SessionConfig> = {}): MilterSession {
  return new MilterSession({
    actions: SMFIF.ADDHDRS | SMFIF.CHGHDRS | SMFIF.QUARANTINE | SMFIF.SETSYMLIST,
    protocol: SMFIP.HDR_LEADSPC | SMFIP.SKIP,
    macros: SPAM_FILTER_MACROS,
    maxMessageBytes: 1 << 20,
    hooks: noSkips,
    ...over,
  });
}

export function negotiated(s: MilterSession, protocol = 0x1fffff): MilterSession {
  s.handle({ cmd: 'optneg', version: 6, actions: 0x1ff, protocol });
  return s;
}

export function replies(effects: SessionEffect[]): string[] {
  return effects.flatMap((e) => (e.type === 'reply' ? [e.reply.kind] : []));
}

export function types(effects: SessionEffect[]): string[] {
  return effects.map((e) => (e.type === 'reply' ? `reply:${e.reply.kind}` : e.type));
}
