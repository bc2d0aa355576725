/**
 * Results of the per-message analysis steps (relays, rendered text, HTML,
 * URIs). Each step is a pure function of the parsed message and the config;
 * the scan context memoises them. Field meanings follow SpamAssassin's
 * (see shared/vectors/README.md, which records SpamAssassin's own values).
 */
import type { MimePart, Octets } from './types.js';

/** One relay parsed out of a Received header (SpamAssassin's relay hash). */
export interface Relay {
  ip: string;
  rdns: string;
  helo: string;
  by: string;
  ident: string;
  envfrom: string;
  id: string;
  auth: string;
  /** Whether the IP is private / reserved (no public address). */
  ipPrivate: boolean;
  internal: boolean;
  msa: boolean;
  /** Index of the Received header (top = 0) this relay came from; -1 for synthetic ones. */
  headerIndex: number;
  /** The unfolded header text the relay was parsed from. */
  line: string;
  /**
   * SpamAssassin's `no_reverse_dns`: rdns is empty *and* the Received
   * format shows the MTA always looks rDNS up (so the host really has none).
   */
  noReverseDns?: boolean;
}

export interface RelayAnalysis {
  trusted: Relay[];
  untrusted: Relay[];
  internal: Relay[];
  external: Relay[];
  /** All parsed relays in order, top first (after fetcher handling). */
  all: Relay[];
  numRelaysUnparseable: number;
  /** Index (top = 0) of the last Received header in the trusted part, -1 = none. */
  lastTrustedRelayIndex: number;
  lastInternalRelayIndex: number;
  /** The four X-Spam-Relays-* strings. */
  relaysTrustedStr: string;
  relaysUntrustedStr: string;
  relaysInternalStr: string;
  relaysExternalStr: string;
  /** The envelope sender as SpamAssassin decides it (EnvelopeFrom), or undefined. */
  envelopeFrom: string | undefined;
}

/**
 * HTML parser results, with the keys SpamAssassin's HTML.pm fills
 * (`$pms->{html}`), read by the HTMLEval functions.
 */
export interface HtmlResults {
  /** Tag presence/counts and other numeric or string results by SA key (e.g. `html`, `backhair_count`, `title_index`). */
  values: Map<string, number | string>;
  /** Per tag: opens minus closes at the end of the document (never below 0). */
  inside: Map<string, number>;
  /** Per tag name: how many times it was seen (html_tag_exists / html_test). */
  tags: Map<string, number>;
  /** Rendered visible text (Unicode), and invisible text. */
  visibleText: string;
  invisibleText: string;
  /** Text of the <title> element(s). */
  title: string[];
  /** Anchor texts in document order. */
  anchorText: string[];
  /** Image info for html_image_only / html_image_ratio / ImageInfo: area in pixels. */
  imageArea: number;
  /** Length in characters of the rendered text (`length`), and non-space length. */
  length: number;
  nonSpaceLength: number;
  /**
   * Array-valued results by SA key, for html_text_match: `comment`, `title`,
   * `anchor`, `script` … (strings as HTML.pm stores them).
   */
  arrays?: Map<string, string[]>;
  /**
   * URIs found in tags, after `<base>` resolution (`uri`: the keys of
   * `uri_detail`). This and the next two fields are filled by
   * html/render.ts. Note that in `values` SpamAssassin's keys keep their
   * meaning: `length` there is the length of the HTML *source*,
   * `html_length` that of the rendered text (the `length` field above),
   * `non_space_len` the `nonSpaceLength` field. htmlValue() in
   * html/results-access.ts reads any key as html_test / html_eval /
   * html_range / html_text_match do.
   */
  uri?: string[];
  /** Per URI key: the tags it came from and its anchor texts (`uri_detail`). */
  uriDetail?: Map<string, { types: Set<string>; anchorText: string[] | undefined }>;
  /** A URI longer than 8192 characters was cut (`uri_truncated`). */
  uriTruncated?: boolean;
}

export interface UriDetail {
  /** The URI as found. */
  raw: string;
  /** How it was found: a, img, form, parsed, schemeless, unlinked, domainkeys … */
  types: Set<string>;
  /** Canonicalised forms that `uri` rules match. */
  cleaned: string[];
  /** Registrable domains. */
  domains: Set<string>;
  /** host → registrable domain. */
  hosts: Map<string, string>;
  anchorText: string[];
}

/** What body, rawbody and Bayes see. */
export interface RenderedBody {
  /** Body-rule array: decoded Subject line first, then paragraphs (UTF-8 octets). */
  body: Octets[];
  /** Same without HTML-invisible text (Bayes' visible source). */
  visible: Octets[];
  /** HTML text judged invisible (no Subject). */
  invisible: Octets[];
  /** Rawbody-rule array: decoded but not rendered text parts, in chunks. */
  rawbody: Octets[];
  /** HTML results per rendered text/html part, in order; the last one is SA's `$pms->{html}`. */
  html: HtmlResults[];
  /** Text parts that were rendered, for evals: effective type and rendered text (Unicode). */
  textParts: {
    type: string;
    charset: string;
    text: string;
    /** Whether the text is Perl characters (decoded) rather than octets: Perl's \s and \w read them differently. */
    chars: boolean;
    decodedBytes: number;
    /** The leaf that was rendered (BodyEval's multipart/alternative comparison needs it). */
    part?: MimePart;
    /** The HTML results of this part when it was rendered as HTML. */
    html?: HtmlResults;
  }[];
}
