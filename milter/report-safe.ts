/**
 * report_safe through the milter, as spamass-milter does it: a spam message
 * the configuration wraps (report_safe 1 or 2: the report first, the
 * original as an attachment) keeps its own header fields, trace fields
 * included (a relay must not drop Received lines), gets the wrapper's
 * Content-Type and a MIME-Version when it had none, loses its top-level
 * Content-Transfer-Encoding (the wrapper's parts carry their own), and has
 * its body replaced by the wrapper's. The X-Spam-* fields and the Subject
 * rewrite are the usual header edits. `--keep-body` (spamass-milter -m)
 * leaves body and Content-Type alone.
 */
import { SMFIF } from '../src/protocol/milter/constants.js';
import type { MilterReply } from '../src/protocol/milter/replies.js';
import { pristineHeader } from '../src/engine/report/rewrite.js';
import { outgoingValue, type SeenHeader } from './header-edits.js';

/** What the wrapper replaces needs these actions granted. */
export const WRAPPER_ACTIONS = SMFIF.CHGBODY | SMFIF.CHGHDRS | SMFIF.ADDHDRS;

/**
 * A body goes back in pieces of at most this many bytes. libmilter uses up
 * to 65,535, but opendkim's miltertest (Debian's, a peer admins test milters
 * with) overruns a stack buffer on a REPLBODY frame of more than about a
 * kilobyte (1,025 bytes passed, 1,500 crashed it); the replies of one message
 * go out in one write, so small frames cost 5 bytes a kilobyte and no calls.
 */
const BODY_CHUNK = 1024;

/** The edits that turn the message into its wrapper: Content-Type, Content-Transfer-Encoding, MIME-Version, then the body. */
export function wrapperEdits(seen: readonly SeenHeader[], wrapped: Buffer, headerLength: number, leadspc: boolean): MilterReply[] {
  const section = wrapped.subarray(0, headerLength).toString('latin1');
  const contentType = lastValue(section, 'Content-Type');
  const edits: MilterReply[] = [];
  if (contentType !== undefined) edits.push(...replaceAll(seen, 'Content-Type', outgoingValue(contentType, leadspc)));
  edits.push(...replaceAll(seen, 'Content-Transfer-Encoding', undefined));
  const mimeVersion = lastValue(section, 'MIME-Version');
  if (mimeVersion !== undefined && !seen.some((h) => h.name.toLowerCase() === 'mime-version')) {
    edits.push({ kind: 'addheader', name: 'MIME-Version', value: outgoingValue(mimeVersion, leadspc) });
  }
  const body = wrapped.subarray(headerLength);
  for (let at = 0; at < body.length; at += BODY_CHUNK) edits.push({ kind: 'replbody', data: body.subarray(at, at + BODY_CHUNK) });
  return edits;
}

/**
 * CHGHEADER edits: the first instance of the field gets `value` and the
 * others go (undefined: all go); a message without the field gets it added.
 * Deletions run from the last index down, so each index still names the
 * field it meant.
 */
function replaceAll(seen: readonly SeenHeader[], name: string, value: string | undefined): MilterReply[] {
  const count = seen.filter((h) => h.name.toLowerCase() === name.toLowerCase()).length;
  const out: MilterReply[] = [];
  for (let index = count; index >= 2; index--) out.push({ kind: 'chgheader', index, name, value: '' });
  if (count >= 1) out.push({ kind: 'chgheader', index: 1, name, value: value ?? '' });
  else if (value !== undefined) out.push({ kind: 'addheader', name, value });
  return out;
}

/** The last instance of a field in a header section, as written after the colon (folding kept, line ending gone). */
function lastValue(section: string, name: string): string | undefined {
  return pristineHeader(section, name).at(-1)?.replace(/\r?\n$/, '');
}
