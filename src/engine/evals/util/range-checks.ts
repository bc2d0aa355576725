/**
 * The range tests ImageInfo and PDFInfo share (each plugin's _result_check
 * and its image_size_range loop), over eval arguments as written.
 */
import { perlNum } from './perl-values.js';

/** min <= value (<= max, or < max when noMaxEqual); false without a min or a value. */
export function resultCheck(min: string | undefined, max: string | undefined, value: number | undefined, noMaxEqual = false): boolean {
  if (min === undefined || value === undefined) return false;
  if (value < perlNum(min)) return false;
  if (max !== undefined && value > perlNum(max)) return false;
  if (noMaxEqual && value === perlNum(max)) return false;
  return true;
}

/** Whether one of the "HEIGHTxWIDTH" sizes is at least minh x minw and, when given, at most maxh x maxw. */
export function anySizeInRange(dims: Iterable<string>, [minh, minw, maxh, maxw]: readonly (string | undefined)[]): boolean {
  if (minh === undefined || minw === undefined) return false;
  for (const dem of dims) {
    const [h = 0, w = 0] = dem.split('x').map(Number);
    if (h < perlNum(minh) || w < perlNum(minw)) continue;
    if (maxh !== undefined && h > perlNum(maxh)) continue;
    if (maxw !== undefined && w > perlNum(maxw)) continue;
    return true;
  }
  return false;
}
