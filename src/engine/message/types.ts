/**
 * The parsed message model shared by every analysis step.
 *
 * Convention: rules match on *octets*, as SpamAssassin does. Every value typed
 * `Octets` is a JavaScript string whose code units are bytes 0..255
 * (`buf.toString('latin1')`). Text that SpamAssassin holds as UTF-8 is stored
 * as its UTF-8 bytes in that form, so rule regexes (also read as latin1) see
 * exactly the bytes Perl sees.
 */
export type Octets = string;

/** One header field as written in the message. */
export interface HeaderField {
  /** Field name as written (case kept, whitespace before the colon dropped). */
  readonly name: string;
  /**
   * The value after the colon as written: leading whitespace and folding
   * (line ending + whitespace) kept, the field's final line ending removed,
   * cut at 8192 bytes as SpamAssassin does.
   */
  readonly raw: Octets;
  /**
   * The value exactly as SpamAssassin stores it: `raw` plus its final "\n"
   * (unless the 8192-byte cut removed it). In CRLF mode line endings are LF.
   * Between MIME parts the leading whitespace is dropped, as SA does there.
   */
  readonly rawValue: Octets;
}

/** Flags SpamAssassin's parser raises; `check_msg_parse_flags` exposes them. */
export interface ParseFlags {
  missingHeadBodySeparator: boolean;
  truncatedHeader: boolean;
  missingMimeHeadBodySeparator: boolean;
  mimeBoundaryMissing: boolean;
  /** Parsing stopped early because a size, depth or part-count limit was hit. */
  limitReached: string | undefined;
  /** A line after a MIME boundary did not look like a header (SA `missing_mime_headers`). */
  missingMimeHeaders?: boolean;
  /** Non-blank text (other than dots) after the last closing boundary (SA `mime_epilogue_exists`). */
  mimeEpilogueExists?: boolean;
}

/** A node of the MIME tree. */
export interface MimePart {
  readonly headers: readonly HeaderField[];
  /** Lower-cased media type as SpamAssassin decided it (default `text/plain`). */
  readonly type: string;
  /** `text/html` for a part whose file name ends in .htm/.html/.shtml, else `type`. */
  readonly effectiveType: string;
  /** Charset parameter as written (case kept, as SA reports it), or '' when there is none. */
  readonly charset: string;
  /** File name from Content-Disposition or Content-Type, if any. */
  readonly name: string | undefined;
  /** Decoded Content-Transfer-Encoding value as written (case kept, as SA reports it), '' when absent. */
  readonly cte: string;
  /** Child parts (multipart), or the parsed sub-message (message/rfc822). */
  readonly children: readonly MimePart[];
  /** The undecoded body octets of this part (empty for multiparts). */
  readonly body: Buffer;
  /** Whether this part is a leaf (not multipart and not a parsed message). */
  readonly isLeaf: boolean;
  /** The body with base64 / quoted-printable undone (memoised). */
  decoded(): Buffer;
  /** Decoded values of a field of this part, in order (SA `$part->header($name)`), no trailing newline. */
  header(lcName: string): Octets[];
  /** Stored raw values of a field of this part (SA `$part->raw_header($name)`). */
  rawHeader(lcName: string): Octets[];
}

export interface ParsedMessage {
  /** SpamAssassin's pristine message (what `full` rules read): pristineHeaders then pristineBody, without the mbox line. */
  readonly pristine: Buffer;
  /** The header block as received (without the mbox line), up to and including the blank line; in CRLF mode its bare LFs repaired as SpamAssassin does. */
  readonly pristineHeaders: Buffer;
  /** The body exactly as received, after the blank line. */
  readonly pristineBody: Buffer;
  /** The mbox `From ` line that was removed, with its newline, or null. */
  readonly mboxSeparator: Octets | null;
  /** Whether the message uses CRLF line endings (SA's line_ending decision). */
  readonly crlf: boolean;
  /** Top-level header fields in order. */
  readonly headers: readonly HeaderField[];
  /** Raw header section lines including invalid ones, for `ALL:raw`. */
  readonly rawHeaderLines: readonly Octets[];
  /** The MIME tree; the root carries the top-level headers. */
  readonly root: MimePart;
  readonly flags: ParseFlags;
}

/** Limits that keep hostile input from exhausting memory or time. */
export interface ParseLimits {
  /** Largest message accepted, in bytes; longer input is truncated and flagged. */
  maxMessageBytes: number;
  /** Deepest MIME nesting followed. */
  maxDepth: number;
  /** Most MIME parts parsed. */
  maxParts: number;
}
