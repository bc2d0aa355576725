/**
 * VBounce: rescue real bounces of mail we sent, recognised by one of our
 * own relays (welcomelist_bounce_relays) in a Received header quoted in the
 * bounce body.
 */
import type { ScanContext } from '../scan/context-types.js';
import { ANY, evalDef, type EvalTable } from './define.js';
import { addrInList } from './util/addr-list.js';

const PLUGIN = 'VBounce';

function bounceRelays(ctx: ScanContext): readonly string[] {
  return ctx.conf.lists.get('welcomelist_bounce_relays') ?? ctx.conf.lists.get('whitelist_bounce_relays') ?? [];
}

function haveAnyBounceRelays(ctx: ScanContext): boolean {
  return bounceRelays(ctx).length > 0;
}

function listed(ctx: ScanContext, host: string): boolean {
  return addrInList(bounceRelays(ctx), host);
}

function inRenderedBody(ctx: ScanContext): boolean {
  for (const line of ctx.rendered().body) {
    if (!/^[> ]*Received:/i.test(line)) continue;
    for (const m of line.matchAll(/ ([^\t\n\v\f\r ]+\.[^\t\n\v\f\r ]+) /g)) if (listed(ctx, m[1] ?? '')) return true;
  }
  return false;
}

/** Quoted Received headers in the raw body, with their continuation lines joined. */
function inPristineBody(ctx: ScanContext): boolean {
  const pristine = ctx.msg.pristineBody.toString('latin1');
  if (!/Received:/i.test(pristine)) return false;
  let foundReceived = false;
  let fullhdr = '';
  for (const line of pristine.split('\n')) {
    if (!foundReceived) {
      if (!/^[> ]*Received:/i.test(line)) continue;
      foundReceived = true;
    }
    fullhdr = /^[\t\n\v\f\r ]/.test(line) ? fullhdr + line : line;
    if (!/^[> ]*Received:/i.test(fullhdr)) continue;
    for (const m of fullhdr.matchAll(/[\t\n\v\f\r ]([^\t\n\v\f\r ]+\.[^\t\n\v\f\r ]+)[\t\n\v\f\r ]/g)) if (listed(ctx, m[1] ?? '')) return true;
  }
  return false;
}

function checkWelcomelistBounceRelays(ctx: ScanContext): boolean {
  if (!haveAnyBounceRelays(ctx)) return false;
  return inRenderedBody(ctx) || inPristineBody(ctx);
}

export const vbounceEvals: EvalTable = {
  have_any_bounce_relays: evalDef(PLUGIN, ANY, haveAnyBounceRelays),
  check_welcomelist_bounce_relays: evalDef(PLUGIN, ANY, checkWelcomelistBounceRelays),
  check_whitelist_bounce_relays: evalDef(PLUGIN, ANY, checkWelcomelistBounceRelays),
};
