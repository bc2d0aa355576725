/**
 * PLACEHOLDER until the HTML renderer lands: strips tags naively. The real
 * renderer replaces this file with the same exported signature.
 */
import type { HtmlResults } from '../analysis-types.js';

export interface HtmlRender {
  /** All text (visible and invisible), as body rules see it, before whitespace collapsing. */
  text: string;
  /** Visible text only (Bayes' visible source). */
  visible: string;
  /** Invisible text only. */
  invisible: string;
  results: HtmlResults;
  /** URIs found in tags/attributes: raw value and the tag that carried it (a, img, form …), with anchor text for `a`. */
  uris: { uri: string; type: string; anchorText?: string }[];
}

/** Render one text/html part (already charset-decoded to Unicode). */
export function renderHtml(html: string): HtmlRender {
  const text = html.replace(/<[^>]*>/g, ' ');
  return {
    text,
    visible: text,
    invisible: '',
    results: {
      values: new Map(),
      inside: new Map(),
      tags: new Map(),
      visibleText: text,
      invisibleText: '',
      title: [],
      anchorText: [],
      imageArea: 0,
      length: text.length,
      nonSpaceLength: text.replace(/\s/g, '').length,
    },
    uris: [],
  };
}
