/**
 * Added X-Spam-* header values: tag expansion, then folding at 79 columns
 * after whitespace or commas with tab continuations (fold_headers 1), then
 * RFC 2047 encoding of any line that is not plain ASCII.
 */
import { wrap } from './wrap.js';

/** `_process_header`: fold an expanded template value for `X-Spam-<name>`. */
export function foldHeaderValue(name: string, value: string, foldHeaders: boolean): string {
  const data = value.replace(/(?:\r?\n)+$/, '');
  if (!foldHeaders) return data.replace(/\n/g, ' ');
  if (data.includes('\n')) return data.replace(/\s*\n\s*/g, '\n\t');
  // '!!' instead of ': ' so the first break cannot fall after the colon.
  let hdr = wrap(`X-Spam-${name}!!${data}`, { prefix: '\t', length: 79, breakAt: /((?<=[\s,]))/ });
  hdr = hdr.replace(/^\s*\n/gm, '');
  const bang = hdr.indexOf('!!');
  return bang < 0 ? hdr : hdr.slice(bang + 2);
}

const PLAIN_LINE = /^[\x09\x20-\x7E]*\r?\n$/;

/** `mime_encode_header`: encode the non-ASCII middle of each line as a UTF-8 encoded-word. */
export function mimeEncodeHeader(text: string): string {
  let result = '';
  for (const line of splitKeepingNewlines(text)) {
    if (PLAIN_LINE.test(line)) {
      result += line;
      continue;
    }
    result += encodeLine(line);
  }
  return result;
}

function encodeLine(input: string): string {
  let line = input;
  let suffix = '';
  const tail = /((?:^|[ \t])[\x09\x20-\x7E]*(?:\r?\n)?)$/.exec(line);
  if (tail && tail[1] !== undefined) {
    suffix = tail[1];
    line = line.slice(0, line.length - suffix.length);
  } else {
    const nl = /(\r?\n)$/.exec(line);
    if (nl && nl[1]) {
      suffix = nl[1];
      line = line.slice(0, line.length - suffix.length);
    }
  }
  let prefix = '';
  const head = /^([\x09\x20-\x7E]*(?:[ \t]|$))/.exec(line);
  if (head && head[1]) {
    prefix = head[1];
    line = line.slice(prefix.length);
  }
  if (line === '') return prefix + suffix;
  const qpCount = (line.match(/[=?_\x00-\x1F\x7F-\xFF]/g) ?? []).length;
  if (line.length + qpCount * 2 <= (4 * Math.trunc(line.length + 2)) / 3) {
    const q = line.replace(/[=?_\x00-\x20\x7F-\xFF]/g, (c) => (c === ' ' ? '_' : `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`));
    return `${prefix}=?UTF-8?Q?${q}?=${suffix}`;
  }
  return `${prefix}=?UTF-8?B?${Buffer.from(line, 'latin1').toString('base64')}?=${suffix}`;
}

function splitKeepingNewlines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
