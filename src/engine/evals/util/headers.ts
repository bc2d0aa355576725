/**
 * Header access patterns of SpamAssassin eval code that the ScanContext
 * accessors do not give directly.
 */
import { perlTrim } from '../../message/octets.js';
import type { MimePart } from '../../message/types.js';
import type { ScanContext } from '../../scan/context-types.js';

/** `$pms->get(spec, undef)`: the scalar value, or undefined when absent. */
export function headerOrUndef(ctx: ScanContext, spec: string): string | undefined {
  return ctx.headerList(spec).length > 0 ? ctx.header(spec) : undefined;
}

/**
 * Node::get_header in scalar context on a MIME part: the *last* decoded
 * instance, or undefined when the part has no such field.
 */
export function partHeader(part: MimePart, name: string): string | undefined {
  const values = part.header(name.toLowerCase());
  const last = values[values.length - 1];
  return last === undefined ? undefined : perlTrim(last);
}
