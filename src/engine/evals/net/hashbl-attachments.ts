/**
 * HashBL's check_hashbl_attachments(list[, opts[, subtest]]), a body rule:
 * every leaf part with a body (decoded from its transfer encoding), unless
 * hashbl_ignore names its media type or its file name, hashed (sha1 by
 * default; `raw` is refused) and looked up as the other HashBL evals, the
 * hash in the report. `minsize=N` skips smaller parts. `maxsize` is read as
 * SpamAssassin 4.0.1 reads it, against the minsize value: with maxsize given,
 * a part longer than minsize (0 when unset) is skipped.
 */
import type { MimePart } from '../../message/types.js';
import type { NetLookups } from '../../net/dns-types.js';
import type { NetEvalRule, ScanContext } from '../../scan/context-types.js';
import { hashblIgnores, hashOf, parseOpts, submitQueries, subtestOf } from './hashbl-queries.js';

function leaves(part: MimePart, out: MimePart[] = []): MimePart[] {
  if (part.isLeaf) out.push(part);
  for (const child of part.children) leaves(child, out);
  return out;
}

export function launchAttachments(ctx: ScanContext, rule: NetEvalRule, net: NetLookups): void {
  const [listArg, optsArg, subtestArg] = rule.args;
  const subtest = subtestOf(subtestArg);
  if (!listArg || !subtest) return;
  const opts = parseOpts(optsArg);
  if (opts.has('raw')) return;
  const ignore = hashblIgnores(ctx);
  const minsize = Number(opts.get('minsize') ?? 0) || 0;
  const hashes: string[] = [];
  for (const part of leaves(ctx.msg.root)) {
    const body = part.decoded();
    if (body.length === 0) continue;
    if (ignore.has(part.type.toLowerCase()) || ignore.has((part.name ?? '').toLowerCase())) continue;
    if (minsize && body.length < minsize) continue;
    if (opts.has('maxsize') && Number(opts.get('maxsize')) && body.length > minsize) continue;
    const h = hashOf(opts, body);
    if (!hashes.includes(h)) hashes.push(h);
  }
  submitQueries(ctx, rule, net, hashes, listArg, opts, subtest, true);
}
