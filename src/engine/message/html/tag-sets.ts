/**
 * Tag classes SpamAssassin's HTML renderer uses (HTML.pm's tables): which
 * tags count as valid HTML elements, which are rendered without being valid,
 * which insert whitespace, and which carry URIs.
 */

/** Elements of the HTML 4.01 / XHTML 1.0 DTDs plus a few common non-standard ones. */
export const ELEMENTS: ReadonlySet<string> = new Set([
  'a', 'abbr', 'acronym', 'address', 'area', 'b', 'base', 'bdo', 'big', 'blockquote', 'body', 'br', 'button',
  'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em', 'fieldset', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'hr', 'html', 'i', 'img', 'input', 'ins', 'kbd', 'label', 'legend',
  'li', 'link', 'map', 'meta', 'noscript', 'object', 'ol', 'optgroup', 'option', 'p', 'param', 'pre', 'q', 'samp',
  'script', 'select', 'small', 'span', 'strong', 'style', 'sub', 'sup', 'table', 'tbody', 'td', 'textarea',
  'tfoot', 'th', 'thead', 'title', 'tr', 'tt', 'ul', 'var',
  'applet', 'basefont', 'center', 'dir', 'font', 'frame', 'frameset', 'iframe', 'isindex', 'menu', 'noframes',
  's', 'strike', 'u',
  'nobr', 'x-sigsep', 'x-tab',
]);

/** Rendered like elements but counted as invalid ones. */
export const TRICKS: ReadonlySet<string> = new Set(['bgsound', 'embed', 'listing', 'plaintext', 'xmp']);

/** Whitespace each block-ish tag (open or close) inserts into the rendered text. */
export const WHITESPACE: ReadonlyMap<string, string> = new Map([
  ...['br', 'div'].map((t) => [t, '\n'] as [string, string]),
  ...['li', 'th', 'td', 'dt', 'dd', 'embed', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((t) => [t, ' '] as [string, string]),
  ...['p', 'hr', 'blockquote', 'pre', 'listing', 'plaintext', 'xmp', 'title'].map((t) => [t, '\n\n'] as [string, string]),
]);

/** Tags whose attributes are searched for URIs. */
export const URI_TAGS: ReadonlySet<string> = new Set([
  'body', 'table', 'tr', 'td', 'a', 'area', 'link', 'img', 'frame', 'iframe', 'embed', 'script', 'form', 'base',
  'bgsound', 'meta',
]);

/** Outlook / Office namespace tags (`o:p`, `st1:place`), counted as elements and otherwise ignored. */
export const NAMESPACE_TAG = /^(?:o|st\d):[\w-]+\/?$/;
