import { badHeader } from './reply-error.js';

/** What spamd takes from the request headers; unknown names are ignored. */
export interface RequestHeaders {
  /** Declared body length (compressed length with `Compress`); undefined when absent or empty. */
  contentLength?: number;
  /** The `Content-length` text as sent, for the mismatch message. */
  contentLengthText?: string;
  user?: string;
  messageClass?: string;
  setLocal?: boolean;
  setRemote?: boolean;
  removeLocal?: boolean;
  removeRemote?: boolean;
  compressZlib?: boolean;
}

type HeaderHandler = (h: RequestHeaders, value: string) => void;

/*
 * Names are matched exactly and case-sensitively, as spamd does: a
 * `Content-Length` with a capital L is ignored and the body is read to EOF.
 */
const HANDLERS: Record<string, HeaderHandler> = {
  'Content-length': onContentLength,
  User: onUser,
  'Message-class': (h, v) => {
    h.messageClass = v;
  },
  Set: (h, v) => {
    h.setLocal = /local/i.test(v);
    h.setRemote = /remote/i.test(v);
  },
  Remove: (h, v) => {
    h.removeLocal = /local/i.test(v);
    h.removeRemote = /remote/i.test(v);
  },
  Compress: onCompress,
};

/**
 * Applies one header line (CR LF already stripped) to `h`. spamd splits at
 * the first `:` plus following whitespace; a line without `:` is an error.
 */
export function applyHeaderLine(h: RequestHeaders, line: string): void {
  const m = /:\s*/.exec(line);
  if (m === null) throw badHeader("(header not in 'Name: value' format)");
  const name = line.slice(0, m.index);
  const value = line.slice(m.index + m[0].length);
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  handler?.(h, value);
}

function onContentLength(h: RequestHeaders, value: string): void {
  // Perl's `$` also matches before a final newline, so "39\n" is accepted.
  const m = /^(\d*)\n?$/.exec(value);
  if (m === null) throw badHeader('(Content-Length contains non-numeric bytes)');
  const digits = m[1] ?? '';
  h.contentLengthText = digits;
  // An empty value is "defined" for spamd but numifies to 0.
  h.contentLength = digits === '' ? 0 : Number(digits);
}

function onUser(h: RequestHeaders, value: string): void {
  if (!/^[\x20-\xff]*\n?$/.test(value)) throw badHeader('(User header contains control chars)');
  h.user = value.replace(/\n$/, '');
}

function onCompress(h: RequestHeaders, value: string): void {
  if (!/zlib/i.test(value)) throw badHeader(`(compression type not supported: ${value})`);
  h.compressZlib = true;
}
