/**
 * Resolving an HTML link against the document's `<base href>`, as
 * SpamAssassin does (RFC 2396 section 5.2 steps, non-strict: a relative
 * reference that repeats the base's scheme is treated as schemeless). With no
 * base, a scheme-less `//www…` or `//ftp…` authority gets `http:` / `ftp:`.
 */
interface UriParts {
  scheme: string | undefined;
  authority: string | undefined;
  path: string;
  query: string | undefined;
  fragment: string | undefined;
}

const URI_SPLIT = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?/;

function splitUri(uri: string): UriParts {
  const m = URI_SPLIT.exec(uri)!;
  return { scheme: m[1], authority: m[2], path: m[3] ?? '', query: m[4], fragment: m[5] };
}

/** Perl truthiness of a string: '' and '0' are false. */
function truthy(s: string | undefined): s is string {
  return s !== undefined && s !== '' && s !== '0';
}

/** Drop `.` and `..` segments. */
export function removeDotSegments(path: string): string {
  let input = path.replace(/^\.\.?\//, '/');
  let output = '';
  while (truthy(input)) {
    const dot = /^\/\.(?:$|\/)/.exec(input);
    if (dot !== null) {
      input = '/' + input.slice(dot[0].length);
      continue;
    }
    const dotdot = /^\/\.\.(?:$|\/)/.exec(input);
    if (dotdot !== null) {
      input = '/' + input.slice(dotdot[0].length);
      output = output.slice(0, Math.max(0, output.lastIndexOf('/')));
      continue;
    }
    const seg = /^\/?[^/]*/.exec(input)![0];
    output += seg;
    input = input.slice(seg.length);
  }
  return output;
}

function mergePaths(baseAuthority: string | undefined, basePath: string, relPath: string): string {
  if (baseAuthority !== undefined && !truthy(basePath)) return '/' + relPath;
  const slash = basePath.lastIndexOf('/');
  return (slash >= 0 ? basePath.slice(0, slash + 1) : '') + relPath;
}

function resolveParts(base: UriParts, rel: UriParts): UriParts {
  const relScheme = rel.scheme !== undefined && base.scheme !== undefined && rel.scheme === base.scheme ? undefined : rel.scheme;
  if (relScheme !== undefined) {
    return { scheme: relScheme, authority: rel.authority, path: removeDotSegments(rel.path), query: rel.query, fragment: rel.fragment };
  }
  if (rel.authority !== undefined) {
    return { scheme: base.scheme, authority: rel.authority, path: removeDotSegments(rel.path), query: rel.query, fragment: rel.fragment };
  }
  if (rel.path === '') {
    return { scheme: base.scheme, authority: base.authority, path: base.path, query: rel.query ?? base.query, fragment: rel.fragment };
  }
  const path = rel.path.startsWith('/')
    ? removeDotSegments(rel.path)
    : removeDotSegments(mergePaths(base.authority, base.path, rel.path));
  return { scheme: base.scheme, authority: base.authority, path, query: rel.query, fragment: rel.fragment };
}

/** The absolute form of `rel` against `base` ('' when there is no base). */
export function targetUri(base: string, rel: string): string {
  const t = resolveParts(splitUri(base), splitUri(rel));
  let result = '';
  if (truthy(t.scheme)) result += t.scheme + ':';
  else if (t.authority !== undefined) {
    if (/^www\d*\./i.test(t.authority)) result += 'http:';
    else if (/^ftp\d*\./i.test(t.authority)) result += 'ftp:';
  }
  if (t.authority !== undefined) result += '//' + t.authority;
  result += t.path;
  if (t.query !== undefined) result += '?' + t.query;
  if (t.fragment !== undefined) result += '#' + t.fragment;
  return result;
}

/**
 * Where the file name of a base URI starts, or -1: the shortest tail of the
 * last path segment shaped `name.ext` (one dot, 2–4 character extension),
 * after the authority's first `/`. Done by hand because the equivalent lazy
 * regex is quadratic on long hrefs.
 */
function fileNameStart(href: string): number {
  const prefix = /^[a-z]+:\/{0,2}[^/]+\//i.exec(href);
  if (prefix === null) return -1;
  const lastSlash = href.lastIndexOf('/');
  const segment = href.slice(lastSlash + 1);
  const lastDot = segment.lastIndexOf('.');
  if (lastDot < 0) return -1;
  const ext = segment.slice(lastDot + 1);
  if (ext.length < 2 || ext.length > 4) return -1;
  const nameStart = segment.lastIndexOf('.', lastDot - 1) + 1;
  if (nameStart >= lastDot) return -1;
  const start = lastSlash + 1 + nameStart;
  // The lazy middle part of the pattern cannot cross a newline.
  if (start < prefix[0].length || href.slice(prefix[0].length, start).includes('\n') || segment.includes('\n')) return -1;
  return start;
}

/** The base a `<base href>` sets: an absolute http/ftp URI without its file name, ending in `/`. */
export function baseFromHref(href: string): string | undefined {
  if (!/^(?:https?|ftp):\/{0,2}/i.test(href)) return undefined;
  const cut = fileNameStart(href);
  let base = cut >= 0 ? href.slice(0, cut) : href;
  if (!base.endsWith('/')) base += '/';
  return base;
}
