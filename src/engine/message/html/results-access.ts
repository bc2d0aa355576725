/**
 * Reading an HTML result by SpamAssassin's key, as the HTMLEval functions
 * do with `$html->{KEY}`: scalars (`html`, `backhair_count`, `length`,
 * `html_length`, `ratio` …), arrays (`comment`, `script`, `title`, `anchor`,
 * `uri`) and the `inside` table.
 */
import type { HtmlResults } from '../analysis-types.js';

export type HtmlValue = number | string | readonly string[] | ReadonlyMap<string, number> | undefined;

export function htmlValue(results: HtmlResults, key: string): HtmlValue {
  if (key === 'inside') return results.inside;
  const array = results.arrays?.get(key);
  if (array !== undefined) return array;
  return results.values.get(key);
}

/** Perl truthiness of a result, for html_test: missing, 0, '' and '0' are false; arrays and tables are true. */
export function htmlTest(results: HtmlResults, key: string): boolean {
  const v = htmlValue(results, key);
  if (v === undefined) return false;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v !== '' && v !== '0';
  return true;
}
